import Foundation
import Hummingbird
import NIOCore

/// `/_fake/*`: drive the fake from another process (benchmarks, fault suites, demos) the way
/// tests drive ``FakeAnthropicState`` directly.
struct AdminEndpoints: Sendable {
    let state: FakeAnthropicState

    private static let bodyLimit = 8 * 1024 * 1024

    private struct FaultsBody: Decodable { let faults: [FakeFault] }
    private struct PersistentFaultBody: Decodable {
        let fault: FakeFault?
        let rate: Double?
    }
    private struct ScriptsBody: Decodable { let scripts: [FakeScript] }

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.post("/_fake/faults") { request, _ in
            try await self.decoding(FaultsBody.self, from: request) { body in
                await self.state.enqueue(body.faults)
                return ["ok": true, "queued": .number(Double(body.faults.count))]
            }
        }
        router.put("/_fake/fault") { request, _ in
            try await self.decoding(PersistentFaultBody.self, from: request) { body in
                let rate = body.rate ?? 1
                await self.state.setPersistentFault(body.fault, rate: rate)
                return ["ok": true, "fault": body.fault.map { .string($0.kind) } ?? .null, "rate": .number(rate)]
            }
        }
        router.post("/_fake/scripts") { request, _ in
            try await self.decoding(ScriptsBody.self, from: request) { body in
                await self.state.add(body.scripts)
                return ["ok": true, "added": .number(Double(body.scripts.count))]
            }
        }
        router.get("/_fake/requests") { _, _ in
            let records = await self.state.requests()
            return Self.json(.array(records.map(Self.summary)))
        }
        router.post("/_fake/reset") { _, _ in
            await self.state.reset()
            return Self.json(["ok": true])
        }
    }

    private func decoding<Body: Decodable>(
        _ type: Body.Type, from request: Request, _ apply: (Body) async -> FakeJSON
    ) async throws -> Response {
        let buffer = try await request.body.collect(upTo: Self.bodyLimit)
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch {
            return Self.json(["ok": false, "error": .string("\(error)")], status: .badRequest)
        }
        return Self.json(await apply(body))
    }

    /// A record without its body: what out-of-process drivers need to check retries and usage.
    private static func summary(_ record: FakeRecordedRequest) -> FakeJSON {
        [
            "index": .number(Double(record.index)),
            "status": .number(Double(record.status)),
            "outcome": .string(record.outcome.rawValue),
            "fault": record.fault.map { .string($0.kind) } ?? .null,
            "stream": .bool(record.stream),
            "headers": .object(record.headers.mapValues(FakeJSON.string)),
            "usage": [
                "input_tokens": .number(Double(record.usage.input)),
                "output_tokens": .number(Double(record.usage.output)),
                "cache_read_input_tokens": .number(Double(record.usage.cacheRead)),
                "cache_creation_input_tokens": .number(Double(record.usage.cacheCreation)),
            ],
        ]
    }

    private static func json(_ value: FakeJSON, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.jsonText)))
    }
}
