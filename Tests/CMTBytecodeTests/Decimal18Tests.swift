import CMTBytecode
import Testing

@Suite struct Decimal18Tests {
    func d(_ text: String) -> Decimal18 { Decimal18(literal: text) ?? .max }

    @Test("literals in every accepted form parse to the exact value")
    func literals() {
        #expect(d("123").description == "123")
        #expect(d("1.5").description == "1.5")
        #expect(d("1e18").description == "1000000000000000000")
        #expect(d("2.5e-3").description == "0.0025")
        #expect(d("0x1F").description == "31")
        #expect(d("1_000_000").description == "1000000")
        #expect(d("-1.50").description == "-1.5")
        #expect(d(".5").description == "0.5")
        #expect(d("0.000000000000000001").description == "0.000000000000000001")
    }

    @Test("malformed, inexact or out-of-range literals are rejected")
    func badLiterals() {
        for text in ["", "-", "1__0", "_1", "1_", "1.2.3", "0x", "1e", "abc", "0.0000000000000000001", "1e21", "1e999", "0x1G"] {
            #expect(Decimal18(literal: text) == nil, "\(text)")
        }
    }

    @Test("decimal arithmetic is exact: 0.1 + 0.2 == 0.3 and 100 * 0.8 == 80")
    func exactArithmetic() {
        #expect(d("0.1").adding(d("0.2")) == d("0.3"))
        #expect(d("100").multiplying(d("0.8")) == d("80"))
        #expect(d("0.3").subtracting(d("0.1")) == d("0.2"))
        #expect(d("7").remainder(dividingBy: d("2")) == d("1"))
        #expect(d("-7").remainder(dividingBy: d("2")) == d("-1"))
    }

    @Test("division rounds toward zero at 18 fractional digits and refuses a zero divisor")
    func division() {
        #expect(d("1").dividing(by: d("3"))?.description == "0.333333333333333333")
        #expect(d("-2").dividing(by: d("3"))?.description == "-0.666666666666666666")
        #expect(d("1").dividing(by: .zero) == nil)
        #expect(d("1").remainder(dividingBy: .zero) == nil)
    }

    @Test("results outside the range are nil")
    func overflow() {
        #expect(Decimal18.max.adding(.one) == nil)
        #expect(Decimal18.min.subtracting(.one) == nil)
        #expect(d("1e20").multiplying(d("10")) == nil)
        #expect(d("1e20").dividing(by: d("0.1")) == nil)
        #expect(Decimal18(scaled: Int128.min) == nil)
    }

    @Test("floor, ceil, round and abs follow the documented rules")
    func rounding() {
        #expect(d("-1.5").floor == d("-2"))
        #expect(d("-1.5").ceil == d("-1"))
        #expect(d("2.5").rounded == d("3"))
        #expect(d("-2.5").rounded == d("-3"))
        #expect(d("-0.5").rounded == d("-1"))
        #expect(d("0.5").rounded == d("1"))
        #expect(d("-2.4").rounded == d("-2"))
        #expect(d("-0.4").rounded == .zero)
        #expect(d("-7").rounded == d("-7"))
        #expect(d("-7.5").floor == d("-8"))
        #expect(d("-7.2").ceil == d("-7"))
        #expect(d("-7").floor == d("-7"))
        #expect(d("-7").ceil == d("-7"))
        #expect(d("-2.6").rounded == d("-3"))
        #expect(d("-3.25").abs == d("3.25"))
        #expect(d("-3.25").truncated == d("-3"))
    }

    @Test("the Int64 accessor answers only for integers that fit")
    func int64Accessor() {
        #expect(d("42").int64Value == 42)
        #expect(d("42.5").int64Value == nil)
        #expect(d("1e20").int64Value == nil)
        #expect(Decimal18(Int64.min).int64Value == Int64.min)
    }
}
