/// Money as answers show it: "$1,234.56", "-$182.96".
package enum Money {
    package static func format(cents: Int64) -> String {
        let magnitude = cents.magnitude
        let digits = String(magnitude / 100)
        var whole = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { whole.append(",") }
            whole.append(c)
        }
        let fraction = magnitude % 100
        return (cents < 0 ? "-$" : "$") + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}

/// Integer division rounding half away from zero (exact, unlike Double).
package func divideRounded(_ numerator: Int64, _ denominator: Int64) -> Int64 {
    precondition(denominator > 0)
    let q = numerator / denominator
    let r = numerator % denominator
    if 2 * r.magnitude >= UInt64(denominator) { return numerator >= 0 ? q + 1 : q - 1 }
    return q
}
