#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Where log lines go: a file descriptor (standard error), written in batches. One `write(2)`
/// per request's access line was a measurable share of a tier 1 hit; here lines are appended to
/// a buffer that a background thread writes out every 50 ms, or at once when it passes 64 KiB
/// or a line is an error. The cost: a crash can lose the last 50 ms of info lines (never an
/// error line), and `flush()` must run before a clean exit (`router serve` does).
package final class LogOutput: Sendable {
    package static let standardError = LogOutput(descriptor: 2)

    private let descriptor: Int32
    private let pending = Mutex<[UInt8]>([])
    /// Held while a batch is written, so batches reach the descriptor in the order they filled.
    private let writing = Mutex<Void>(())
    private static let batchLimit = 64 * 1024

    init(descriptor: Int32, interval: Duration = .milliseconds(50)) {
        self.descriptor = descriptor
        let micros = UInt32(interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
        let thread = Thread { [self] in
            while true {
                usleep(micros)
                flush()
            }
        }
        thread.name = "log-output"
        thread.start()
    }

    /// Appends one line (with its newline); writes at once when `urgent` or the batch is full.
    package func write(_ line: [UInt8], urgent: Bool = false) {
        let full = pending.withLock { buffer in
            buffer.append(contentsOf: line)
            return buffer.count >= Self.batchLimit
        }
        if urgent || full { flush() }
    }

    /// Writes out everything appended so far.
    package func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { buffer -> [UInt8] in
                guard !buffer.isEmpty else { return [] }
                var taken: [UInt8] = []
                taken.reserveCapacity(buffer.count)
                swap(&taken, &buffer)
                return taken
            }
            guard !batch.isEmpty else { return }
            batch.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count, let base = raw.baseAddress {
                    let n = systemWrite(descriptor, base + offset, raw.count - offset)
                    if n > 0 {
                        offset += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        return  // the descriptor is gone: logs are not worth crashing for
                    }
                }
            }
        }
    }
}

/// `write(2)`, named apart from `LogOutput.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
    return Musl.write(descriptor, bytes, count)
    #else
    return Darwin.write(descriptor, bytes, count)
    #endif
}
