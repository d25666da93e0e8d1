import Foundation
import Logging
import Synchronization
import Testing

@testable import Router

/// The access-log path: batched output in order, lines byte-identical to `PlainLogHandler.line`,
/// hand-written timestamps, and request ids that do not repeat.
@Suite struct LogOutputTests {
    @Test func batchesReachTheDescriptorInOrder() throws {
        let pipe = Pipe()
        let output = LogOutput(descriptor: pipe.fileHandleForWriting.fileDescriptor, interval: .milliseconds(5))
        // About 20 KB: under a pipe's buffer, since nothing reads until the end.
        let expected = (0..<2_000).map { "line \($0)\n" }
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            // Each writer's lines keep their own order; the two interleave.
            for i in stride(from: half, to: expected.count, by: 2) { output.write(Array(expected[i].utf8)) }
        }
        output.flush()
        try pipe.fileHandleForWriting.close()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == expected.count)
        let numbers = lines.compactMap { Int($0.dropFirst(5)) }
        #expect(numbers.filter { $0 % 2 == 0 } == numbers.filter { $0 % 2 == 0 }.sorted())
        #expect(numbers.filter { $0 % 2 == 1 } == numbers.filter { $0 % 2 == 1 }.sorted())
        #expect(Set(numbers).count == expected.count)
    }

    final class Lines: Sendable {
        let all = Mutex<[String]>([])
    }

    @Test(arguments: ["plain", "two words", "line\nbreak", "nel\u{85}x", "quote\"and\\slash", "key=value k2=v2", "", "bidi\u{202E}x", "josé", "a/b:c@d+e,f"])
    func theBytePathWritesWhatLineWrites(_ value: String) throws {
        let lines = Lines()
        var logger = Logger(label: "router") { label in PlainLogHandler(label: label) { line in lines.all.withLock { $0.append(line) } } }
        logger[metadataKey: "request_id"] = "r1"
        logger[metadataKey: "user"] = "overridden"
        logger.info("GET /x 200", metadata: ["user": .string(value), "ms": "0.5"])
        let line = try #require(lines.all.withLock { $0.first })
        #expect(line.hasSuffix("\n"))
        let fields = try #require(PlainLogHandler.fields(of: String(line.dropLast())))
        let ts = try #require(fields.first?.1)
        let expected = PlainLogHandler.line([
            ("ts", ts), ("level", "info"), ("label", "router"), ("msg", "GET /x 200"), ("ms", "0.5"), ("request_id", "r1"), ("user", value),
        ])
        #expect(String(line.dropLast()) == expected)
    }

    @Test func timestampsMatchISO8601() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        for seconds in [0.0, 1_764_963_668.365, 951_782_400.999, 4_102_444_799.001, 1_709_164_800.5] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(PlainLogHandler.timestamp(date) == formatter.string(from: date), "\(seconds)")
        }
    }

    @Test func requestIDsAreTwentyHexDigitsAndDoNotRepeat() {
        var seen = Set<String>()
        for _ in 0..<100_000 {
            let id = RequestMiddleware.requestID(from: nil)
            #expect(id.utf8.count == 20 && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
            seen.insert(id)
        }
        #expect(seen.count == 100_000)
        #expect(RequestMiddleware.requestID(from: "caller-id-7") == "caller-id-7")
        #expect(RequestMiddleware.requestID(from: "bad id").utf8.count == 20)
    }
}
