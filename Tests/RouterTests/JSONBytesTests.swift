import Foundation
import Testing

@testable import Router

/// `JSONBytes` writes what the router's `JSONEncoder` writes.
@Suite struct JSONBytesTests {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    @Test func stringsAreEscapedLikeTheEncoder() throws {
        var samples = ["", "plain", "a/b", "quote \" and \\ backslash", "tab\tnew\nline\rcr", "é ñ 漢字 🚐", "\u{7F}\u{85}\u{2028}\u{200B}"]
        samples.append(String(decoding: (0..<32).map { UInt8($0) }, as: UTF8.self))
        for sample in samples {
            var out: [UInt8] = []
            JSONBytes.appendString(sample, to: &out)
            let expected = Array(try Self.encoder.encode(sample))
            #expect(out == expected, "\(sample.debugDescription): \(String(decoding: out, as: UTF8.self)) vs \(String(decoding: expected, as: UTF8.self))")
        }
    }

    @Test func integersAndBooleans() throws {
        for n in [0, 7, -7, 10, 99, 100, 1_234_567, Int.max, Int.min] {
            var out: [UInt8] = []
            JSONBytes.appendInteger(n, to: &out)
            #expect(out == Array(String(n).utf8))
        }
        var out: [UInt8] = []
        JSONBytes.appendBool(true, to: &out)
        JSONBytes.appendBool(false, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "truefalse")
    }
}
