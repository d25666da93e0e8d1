import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection driven byte by byte, for what an HTTP client library will not do: send half a
/// header, trickle a body, hold a socket idle, and see when the server closes it. The waits block
/// a thread of their own (never one of Swift's cooperative pool, which the server under test needs).
final class RawConnection: @unchecked Sendable {
    private let fd: Int32
    private var received: [UInt8] = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect: errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// Sends `text`; false if the server has closed the connection.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return sent == bytes.count
    }

    private static let waiting = DispatchQueue(label: "raw-connection", attributes: .concurrent)

    private func blocking<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in Self.waiting.async { continuation.resume(returning: work()) } }
    }

    /// Reads what has arrived within `timeout`; true when the server closed the connection then.
    func waitForClose(within timeout: Duration) async -> Bool {
        await blocking { self.waitForCloseBlocking(within: timeout) }
    }

    /// The status code of the first response, once its status line has arrived within `timeout`.
    func status(within timeout: Duration) async -> Int? {
        await blocking { self.statusBlocking(within: timeout) }
    }

    private func waitForCloseBlocking(within timeout: Duration) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            switch read(waiting: end - clock.now) {
            case .closed: return true
            case .data, .nothing: continue
            }
        }
        return false
    }

    private func statusBlocking(within timeout: Duration) -> Int? {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while clock.now < end {
            if let line = statusLine() { return line }
            if case .closed = read(waiting: end - clock.now) { return statusLine() }
        }
        return statusLine()
    }

    /// Everything received so far, as text.
    var text: String { String(decoding: received, as: UTF8.self) }

    private func statusLine() -> Int? {
        let text = self.text
        guard text.hasPrefix("HTTP/1.1 "), text.count >= 12 else { return nil }
        return Int(text.dropFirst(9).prefix(3))
    }

    private enum ReadResult { case data, nothing, closed }

    private func read(waiting: Duration) -> ReadResult {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ms = Int32(max(1, min(Double(Int32.max), waiting / .milliseconds(1))))
        guard poll(&poller, 1, ms) > 0 else { return .nothing }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            received += buffer[0..<n]
            return .data
        }
        return .closed
    }
}
