/// Human formatting for answers: "$1,234.56", "1,019.7".
enum Formatting {
    static func dollars(_ amount: Double) -> String {
        let cents = (amount * 100).rounded(.toNearestOrAwayFromZero)
        // Inputs are bounded long before this; the guard keeps a formatting call from trapping.
        guard cents.isFinite, abs(cents) < 9e18 else { return "$" + String(amount) }
        return money(cents: Int64(cents))
    }

    static func money(cents: Int64) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let whole = grouped(magnitude / 100)
        let fraction = magnitude % 100
        return (negative ? "-$" : "$") + whole + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    static func number(_ value: Double, places: Int) -> String {
        let rounded = round(value, places: places)
        let negative = rounded < 0
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let product = (abs(rounded) * Double(scale)).rounded()
        guard product.isFinite, product < 9e18 else { return String(value) }
        let scaled = UInt64(product)
        var text = grouped(scaled / scale)
        if places > 0 {
            var fraction = String(scaled % scale)
            while fraction.count < places { fraction = "0" + fraction }
            text += "." + fraction
        }
        return negative ? "-" + text : text
    }

    /// Number with up to `places` decimals, trailing zeros dropped ("10", "9.5").
    static func compact(_ value: Double, places: Int = 2) -> String {
        var text = number(value, places: places)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    static func grouped(_ value: UInt64) -> String {
        let digits = String(value)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
