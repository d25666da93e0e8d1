import Domain
import Foundation
import Logging

/// One line per event on standard error, in logfmt: `ts=… level=info label=router msg="GET /v1/… 200"
/// ms=0.8 user=u001`. Every value that is not a plain word is quoted and escaped, so no value (a
/// token subject full of `key=value` text, a newline, a NEL) can forge another field or another
/// line; `PlainLogHandler.fields(of:)` reads a line back.
package struct PlainLogHandler: LogHandler {
    package let label: String
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    private let sink: Sink

    enum Sink: Sendable {
        case output(LogOutput)
        /// Each line as a string, without batching (tests).
        case lines(@Sendable (String) -> Void)
    }

    /// Lines to `output` (standard error unless told otherwise), batched.
    package init(label: String, output: LogOutput = .standardError) {
        self.label = label
        self.sink = .output(output)
    }

    /// Each line to `write`, as it is logged (tests).
    package init(label: String, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.sink = .lines(write)
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        // Written straight into bytes: this runs for every request's access line.
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "ts=".utf8)
        Self.appendTimestamp(Date(), to: &out)
        out.append(contentsOf: " level=".utf8)
        out.append(contentsOf: event.level.rawValue.utf8)
        Self.append(field: "label", label, to: &out)
        Self.append(field: "msg", event.message.description, to: &out)
        var fields: [(key: String, value: Logger.MetadataValue)] = metadata.map { ($0.key, $0.value) }
        if let extra = event.metadata {
            for (key, value) in extra {
                if let i = fields.firstIndex(where: { $0.key == key }) { fields[i].value = value } else { fields.append((key, value)) }
            }
        }
        fields.sort { $0.key < $1.key }
        for field in fields { Self.append(field: field.key, field.value.description, to: &out) }
        out.append(UInt8(ascii: "\n"))
        switch sink {
        case .output(let output): output.write(out, urgent: event.level >= .error)
        case .lines(let write): write(String(decoding: out, as: UTF8.self))
        }
    }

    /// ` key=value`, escaped as in `line(_:)`.
    static func append(field key: String, _ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: " "))
        appendKey(key, to: &out)
        out.append(UInt8(ascii: "="))
        appendValue(value, to: &out)
    }

    /// A key is letters, digits, `_`, `.` and `-`; anything else becomes `_`.
    static func appendKey(_ key: String, to out: inout [UInt8]) {
        if !key.isEmpty, key.utf8.allSatisfy(isWordByte) { return out.append(contentsOf: key.utf8) }
        out.append(contentsOf: Self.key(key).utf8)
    }

    /// A plain word (letters, digits and `_.-/:@+,`) as it is; anything else quoted.
    static func appendValue(_ value: String, to out: inout [UInt8]) {
        if !value.isEmpty, value.utf8.allSatisfy(isPlainByte) { return out.append(contentsOf: value.utf8) }
        // Printable ASCII with spaces (an access line's message): quoted, `"` and `\` escaped.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            out.append(UInt8(ascii: "\""))
            for b in value.utf8 {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
            return
        }
        out.append(contentsOf: Self.quoted(value).utf8)
    }

    private static func isPlainByte(_ b: UInt8) -> Bool {
        isWordByte(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ":") || b == UInt8(ascii: "@") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ",")
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2E || b == 0x2D
    }

    /// The fields as one logfmt line, without its newline (what `log(event:)` writes).
    package static func line(_ fields: [(String, String)]) -> String {
        var out: [UInt8] = []
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: " ")) }
            appendKey(field.0, to: &out)
            out.append(UInt8(ascii: "="))
            appendValue(field.1, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `appendKey`'s slow path: every character that is not a word character becomes `_`.
    static func key(_ text: String) -> String {
        let safe = text.unicodeScalars.map { isWordScalar($0) ? Character($0) : "_" }
        return safe.isEmpty ? "_" : String(safe)
    }

    /// `text` in double quotes, with `"` and `\` escaped and every control, separator and format
    /// character written as an escape (`appendValue` leaves plain words unquoted first).
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                switch scalar.properties.generalCategory {
                case .control, .lineSeparator, .paragraphSeparator, .format, .unassigned, .surrogate, .privateUse:
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-": return true
        default: return false
        }
    }

    /// Reads a line written by `line(_:)` back into its fields (tests, and anyone grepping logs).
    package static func fields(of line: String) -> [(String, String)]? {
        var out: [(String, String)] = []
        var scalars = Substring(line).unicodeScalars[...]
        while !scalars.isEmpty {
            guard let eq = scalars.firstIndex(of: "=") else { return nil }
            let key = String(scalars[..<eq])
            scalars = scalars[scalars.index(after: eq)...]
            var value = ""
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                var closed = false
                while let s = scalars.first {
                    scalars = scalars.dropFirst()
                    if s == "\"" { closed = true; break }
                    guard s == "\\" else { value.unicodeScalars.append(s); continue }
                    guard let e = scalars.first else { return nil }
                    scalars = scalars.dropFirst()
                    switch e {
                    case "n": value += "\n"
                    case "r": value += "\r"
                    case "t": value += "\t"
                    case "u":
                        guard scalars.first == "{", let close = scalars.firstIndex(of: "}"),
                            let code = UInt32(String(scalars[scalars.index(after: scalars.startIndex)..<close]), radix: 16),
                            let decoded = Unicode.Scalar(code)
                        else { return nil }
                        value.unicodeScalars.append(decoded)
                        scalars = scalars[scalars.index(after: close)...]
                    default: value.unicodeScalars.append(e)
                    }
                }
                guard closed else { return nil }
            } else {
                let end = scalars.firstIndex(of: " ") ?? scalars.endIndex
                value = String(scalars[..<end])
                scalars = scalars[end...]
            }
            out.append((key, value))
            if scalars.first == " " { scalars = scalars.dropFirst() } else if !scalars.isEmpty { return nil }
        }
        return out
    }

    /// `2026-12-05T19:41:08.365Z`, written by hand: this runs for every request's access line.
    static func timestamp(_ date: Date = Date()) -> String {
        var out: [UInt8] = []
        appendTimestamp(date, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendTimestamp(_ date: Date, to out: inout [UInt8]) {
        // To the nearest millisecond, as ISO8601DateFormatter writes it.
        let total = Int((date.timeIntervalSince1970 * 1000).rounded())
        let whole = total >= 0 ? total / 1000 : (total - 999) / 1000
        let millis = total - whole * 1000
        let days = whole.quotientAndRemainder(dividingBy: 86_400)
        let date = Day(ordinal: days.quotient)
        let secondOfDay = days.remainder
        digits(date.year, 4, &out)
        out.append(UInt8(ascii: "-"))
        digits(date.month, 2, &out)
        out.append(UInt8(ascii: "-"))
        digits(date.day, 2, &out)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2, &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, &out)
        out.append(UInt8(ascii: "."))
        digits(millis, 3, &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// `n` in decimal, zero-padded to `width` digits (n ≥ 0).
    private static func digits(_ n: Int, _ width: Int, _ out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var n = n
        if n >= divisor * 10 {
            out.append(contentsOf: String(n).utf8)
            return
        }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(n / divisor))
            n %= divisor
            divisor /= 10
        }
    }
}
