import Benchmark
import Domain
import Foundation
import Logging
import QueryClassifier
import Tier1Cache
import Tier2Compute
import Tier3AI

/// Phrasings of each tier, as users write them (not the evaluation's sentences).
let questions = [
    "How much did I spend on gas this month?", "what did I spend on food last month", "am I over budget?",
    "fuel cost for 350 miles at 10 mpg", "how far is Denver from Salt Lake City", "convert 20 gallons to liters",
    "split $120 between 4 people", "plan a 2-week RV trip to Seattle under $2000", "why is my grocery spending so high?",
    "how many miles per gallon did I get last month", "my last 5 purchases", "drive time from Austin to Dallas",
]

/// The tier 1 path for a cached answer: key, in-process lookup, freshness, payload bytes.
actor CachedSummaries {
    static let shared = CachedSummaries()
    private var service: SummaryService?

    func warm() async throws -> SummaryService {
        if let service { return service }
        let store = try await SQLiteSummaryStore.load(try DemoDataset.bundled(), logger: Logger(label: "bench"))
        let service = SummaryService(
            engine: SummaryEngine(store: store), cache: InProcessSummaryCache(capacity: 10_000), ttls: SummaryTTLs(),
            logger: Logger(label: "bench")
        )
        self.service = service
        return service
    }
}

let spendThisMonth = SummaryRequest(kind: .spend, period: .thisMonth, category: .fuel, limit: nil, asOf: Day(year: 2026, month: 11, day: 21)!)!

/// A streamed answer of 200 text deltas, as the Messages API sends it.
let sseStream: [UInt8] = {
    var text = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":3000}}}\n\n"
    for n in 0..<200 {
        text += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"word \(n) \"}}\n\n"
        if n % 50 == 0 { text += "event: ping\ndata: {\"type\":\"ping\"}\n\n" }
    }
    text += "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
    return Array(text.utf8)
}()

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .throughput]
    let classifier = Classifier(gazetteer: Gazetteer.bundled)
    let asOf = Day(year: 2026, month: 11, day: 21)!

    Benchmark("classifier: one question", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark in
        for i in benchmark.scaledIterations {
            blackHole(classifier.classify(questions[i % questions.count], asOf: asOf))
        }
    }

    Benchmark("tier 1: cached summary (in-process hit)", configuration: .init(metrics: metrics, scalingFactor: .kilo)) { benchmark async throws in
        let service = try await CachedSummaries.shared.warm()
        _ = try await service.answer(spendThisMonth, user: "u007")  // fill the entry
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await service.answer(spendThisMonth, user: "u007"))
        }
    }

    Benchmark("SSE: parse a 200-delta stream in 37-byte chunks", configuration: .init(metrics: metrics)) { benchmark in
        for _ in benchmark.scaledIterations {
            var parser = SSEParser()
            var events = 0
            var start = 0
            while start < sseStream.count {
                let end = min(start + 37, sseStream.count)
                events += (try? parser.feed(sseStream[start..<end]).count) ?? 0
                start = end
            }
            blackHole(events)
        }
    }
}
