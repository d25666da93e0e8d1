import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// CPU time (user + system) of processes, from /proc (Linux): a process and all its descendants
/// (uvicorn's workers, for instance). Used to report how many cores each side used in a run.
enum ProcessCPU {
    static let ticksPerSecond: Double = {
        #if os(Linux)
        let t = sysconf(Int32(_SC_CLK_TCK))
        return t > 0 ? Double(t) : 100
        #else
        return 100
        #endif
    }()

    struct Stat {
        var ppid: Int32
        var ticks: UInt64
    }

    static func stat(_ pid: Int32) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        // After "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let ppid = Int32(fields[1]), let u = UInt64(fields[11]), let s = UInt64(fields[12]) else {
            return nil
        }
        return Stat(ppid: ppid, ticks: u + s)
    }

    /// `root` and its live descendants (walks /proc once: a few milliseconds, so it is done
    /// before a run, not on the scheduler's clock).
    static func tree(_ root: Int32) -> [Int32] {
        guard stat(root) != nil else { return [] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [root] }
        var parent: [Int32: Int32] = [:]
        for n in names {
            guard let pid = Int32(n), pid != root, let s = stat(pid) else { continue }
            parent[pid] = s.ppid
        }
        var out = [root]
        for pid in parent.keys {
            var p = parent[pid]
            var depth = 0
            while let q = p, q > 1, depth < 16 {
                if q == root {
                    out.append(pid)
                    break
                }
                p = parent[q]
                depth += 1
            }
        }
        return out
    }

    /// The watched trees, resolved to pids, plus this process as "loadgen".
    static func resolve(_ watched: [(String, Int32)]) -> [(String, [Int32])] {
        watched.map { ($0.0, tree($0.1)) }.filter { !$0.1.isEmpty } + [("loadgen", [getpid()])]
    }

    /// CPU seconds so far of each resolved tree (reads one small file per pid).
    static func snapshot(_ resolved: [(String, [Int32])]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (name, pids) in resolved {
            out[name] = Double(pids.reduce(UInt64(0)) { $0 + (stat($1)?.ticks ?? 0) }) / ticksPerSecond
        }
        return out
    }
}
