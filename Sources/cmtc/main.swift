print("cmtc")
