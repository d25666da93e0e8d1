/// The prompt as the cache sees it: ordered segments (tools → system → messages), some of which
/// carry a `cache_control` breakpoint (fact sheet §5).
///
/// Segments stand in for the real API's rendered prompt bytes: each tool's canonical JSON, each
/// system text, each message block's canonical JSON (role-prefixed on a message's first block).
/// `cache_control` is stripped before rendering, so moving a marker never changes a prefix.
struct PromptLayout: Sendable {
    struct Segment: Sendable {
        enum Section: UInt8, Sendable { case tools = 1, system = 2, messages = 3 }
        let section: Section
        let text: String
        let breakpoint: CacheTTL?
    }

    /// The real API's limit on `cache_control` slots per request (the top-level one included).
    static let maximumBreakpoints = 4

    let segments: [Segment]

    /// Builds the layout and checks the markers (count, type, ttl).
    init(_ request: MessagesRequest) throws(APIError) {
        var segments: [Segment] = []
        var markerCount = 0

        func marker(_ block: FakeJSON, path: String) throws(APIError) -> CacheTTL? {
            guard let value = block["cache_control"], value != .null else { return nil }
            markerCount += 1
            return try CacheTTL(marker: value, path: path + ".cache_control")
        }

        for (index, tool) in request.tools.enumerated() {
            let ttl = try marker(tool, path: "tools.\(index)")
            segments.append(Segment(section: .tools, text: tool.removing("cache_control").jsonText, breakpoint: ttl))
        }
        switch request.system {
        case .string(let text)?:
            segments.append(Segment(section: .system, text: text, breakpoint: nil))
        case .array(let blocks)?:
            for (index, block) in blocks.enumerated() {
                let ttl = try marker(block, path: "system.\(index)")
                segments.append(Segment(section: .system, text: block["text"]?.stringValue ?? "", breakpoint: ttl))
            }
        default:
            break
        }
        for (index, message) in request.messages.enumerated() {
            switch message.content {
            case .text(let text):
                segments.append(Segment(section: .messages, text: message.role + "\n" + text, breakpoint: nil))
            case .blocks(let blocks):
                for (blockIndex, block) in blocks.enumerated() {
                    let ttl = try marker(block, path: "messages.\(index).content.\(blockIndex)")
                    let rendered = block.removing("cache_control").jsonText
                    let text = blockIndex == 0 ? message.role + "\n" + rendered : rendered
                    segments.append(Segment(section: .messages, text: text, breakpoint: ttl))
                }
            }
        }

        if let automatic = request.cacheControl, let last = segments.last {
            markerCount += 1
            let ttl = try CacheTTL(marker: automatic, path: "cache_control")
            if let explicit = last.breakpoint, explicit != ttl {
                throw .invalidRequest(
                    "cache_control: the top-level cache_control ttl (\(ttl.label)) differs from the ttl of the "
                        + "cache_control on the last block (\(explicit.label))"
                )
            }
            segments[segments.count - 1] = Segment(section: last.section, text: last.text, breakpoint: ttl)
        }
        guard markerCount <= Self.maximumBreakpoints else {
            throw .invalidRequest(
                "A maximum of \(Self.maximumBreakpoints) blocks with cache_control may be provided. Found \(markerCount)."
            )
        }
        self.segments = segments
    }

    /// The estimated size of the whole prompt.
    var totalTokens: Int {
        TokenEstimate.tokens(utf8Count: segments.reduce(0) { $0 + $1.text.utf8.count })
    }

    /// One entry per marked segment, in prompt order, with the key and size of the prefix it ends.
    func breakpoints(model: String) -> [PromptBreakpoint] {
        var hash = FNV1a64()
        hash.add(model.utf8)
        hash.addSeparator()
        var bytes = 0
        var result: [PromptBreakpoint] = []
        for (position, segment) in segments.enumerated() {
            hash.add(segment.section.rawValue)
            hash.add(segment.text.utf8)
            hash.addSeparator()
            bytes += segment.text.utf8.count
            if let ttl = segment.breakpoint {
                result.append(
                    PromptBreakpoint(
                        position: position, key: PromptCacheKey(model: model, prefixHash: hash.value),
                        tokens: TokenEstimate.tokens(utf8Count: bytes), ttl: ttl
                    )
                )
            }
        }
        return result
    }
}

/// The two cache lifetimes the API offers.
enum CacheTTL: Sendable, Equatable {
    case fiveMinutes
    case oneHour

    init(marker: FakeJSON, path: String) throws(APIError) {
        guard marker["type"]?.stringValue == "ephemeral" else {
            throw .invalidRequest("\(path).type: Input should be 'ephemeral'")
        }
        switch marker["ttl"] {
        case nil, .null?, .string("5m")?: self = .fiveMinutes
        case .string("1h")?: self = .oneHour
        default: throw .invalidRequest("\(path).ttl: Input should be '5m' or '1h'")
        }
    }

    var duration: Duration { self == .oneHour ? .seconds(3600) : .seconds(300) }
    var label: String { self == .oneHour ? "1h" : "5m" }
}

/// A cache breakpoint: the prefix that ends at one marked segment.
struct PromptBreakpoint: Sendable {
    let position: Int
    let key: PromptCacheKey
    let tokens: Int
    let ttl: CacheTTL
}

/// Caches are per model and keyed by the exact prefix (here: its hash).
struct PromptCacheKey: Hashable, Sendable {
    let model: String
    let prefixHash: UInt64
}

/// 64-bit FNV-1a: stable across runs and processes, unlike `Hasher`.
struct FNV1a64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { add(byte) }
    }

    /// 0xFF never occurs in UTF-8, so segment boundaries cannot be forged by segment content.
    mutating func addSeparator() { add(0xFF) }
}
