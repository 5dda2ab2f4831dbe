Rule "Pricing"
  dialect "mvel"
  when
    m : Message(status==Message.GET_PRICE)
  then
    when
      m.fico_score > 740
    then
      m.price = m.listed_price * 0.8
End
