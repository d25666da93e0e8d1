#if canImport(Glibc)
import Glibc
#endif

/// How many malloc arenas glibc may create. Its default (8 per core) lets a long-running server
/// with many threads spread its heap over arenas that each keep their freed memory: in a 30-minute
/// soak at a steady load, RSS rose 13.9 % after warm-up with the default and 6.0 % with 2 arenas
/// (README, "Soak and overload"). `MALLOC_ARENA_MAX` in the environment, when set, wins.
enum MallocArenas {
    /// Applies the limit (`ROUTER_MALLOC_ARENAS`, default 2; 0 leaves glibc's default). Returns the
    /// limit set, or nil if none was (not glibc, 0, or `MALLOC_ARENA_MAX` given).
    @discardableResult
    static func limit(environment: [String: String]) -> Int? {
        #if canImport(Glibc)
        guard environment["MALLOC_ARENA_MAX"] == nil else { return nil }
        let wanted = environment["ROUTER_MALLOC_ARENAS"].flatMap { Int($0) } ?? 2
        guard wanted > 0, wanted <= 64 else { return nil }
        // mallopt lives in malloc.h, which Swift's Glibc module does not import: look it up.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let mArenaMax: Int32 = -8  // M_ARENA_MAX in glibc's malloc.h
        return mallopt(mArenaMax, Int32(wanted)) == 1 ? wanted : nil
        #else
        return nil
        #endif
    }
}
