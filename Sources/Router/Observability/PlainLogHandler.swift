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
    private let write: @Sendable (String) -> Void

    package init(label: String, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.label = label
        self.write = write
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("ts", Self.timestamp()), ("level", event.level.rawValue), ("label", label), ("msg", event.message.description),
        ]
        let merged = metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 })
        for key in merged.keys.sorted() {
            guard let value = merged[key] else { continue }
            fields.append((key, value.description))
        }
        write(Self.line(fields) + "\n")
    }

    /// The fields as one logfmt line, without its newline.
    package static func line(_ fields: [(String, String)]) -> String {
        fields.map { key($0.0) + "=" + value($0.1) }.joined(separator: " ")
    }

    /// A key is letters, digits, `_`, `.` and `-`; anything else becomes `_`.
    static func key(_ text: String) -> String {
        let safe = text.unicodeScalars.map { isWordScalar($0) ? Character($0) : "_" }
        return safe.isEmpty ? "_" : String(safe)
    }

    /// A plain word as it is; anything else in double quotes, with `"` and `\` escaped and every
    /// control, separator and format character written as an escape.
    static func value(_ text: String) -> String {
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ isWordScalar($0) || "/:@+,".unicodeScalars.contains($0) }) {
            return text
        }
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
        let seconds = date.timeIntervalSince1970
        let whole = Int(seconds.rounded(.down))
        let millis = min(999, Int(((seconds - Double(whole)) * 1000).rounded(.down)))
        let days = whole.quotientAndRemainder(dividingBy: 86_400)
        let day = Day(ordinal: days.quotient)
        let secondOfDay = days.remainder
        var out = day.description
        out += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        out += "." + pad(millis, 3) + "Z"
        return out
    }

    private static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
