#!/usr/bin/env python3
"""The `cmtc repl` commands of the Orders benchmark (orders.drl): CUSTOMERS customers, then four
requests per customer with totals from a fixed linear congruential sequence (the same commands on
every run), then fire.

    orders_commands.py CUSTOMERS
"""
import sys


def main(argv):
    if len(argv) != 2 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.exit("usage: orders_commands.py CUSTOMERS")
    customers = int(argv[1])
    for n in range(customers):
        print(f'insert Customer(name: "c{n}", spent: 0, orders: 0, tier: "none")')
    seed = 12345
    for round in range(4):
        for n in range(customers):
            seed = (seed * 1103515245 + 12345) % 2147483648
            print(f'insert Request(name: "c{n}", total: {50 + seed % 450})')
    print("fire 100000000")


if __name__ == "__main__":
    main(sys.argv)
