import Foundation
import Hummingbird

/// Headers every `/v1/*` response carries: `request-id` and the `anthropic-ratelimit-*` family.
enum ResponseHeaders {
    static func standard(requestID: String, contentType: String, rateLimited: Bool = false) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        let reset = Date(timeIntervalSinceNow: 60).formatted(.iso8601)
        var values: [(String, String)] = [
            ("request-id", requestID),
            ("anthropic-organization-id", "00000000-0000-4000-8000-00000fa4e000"),
        ]
        let limits = [("requests", 4_000), ("tokens", 2_000_000), ("input-tokens", 2_000_000), ("output-tokens", 400_000)]
        for (family, limit) in limits {
            values.append(("anthropic-ratelimit-\(family)-limit", String(limit)))
            values.append(("anthropic-ratelimit-\(family)-remaining", String(rateLimited ? 0 : limit - 1)))
            values.append(("anthropic-ratelimit-\(family)-reset", reset))
        }
        for (name, value) in values { fields.set(name, value) }
        return fields
    }
}

extension HTTPFields {
    /// Sets a header by its raw name (skipped if the name were invalid, which ours never are).
    mutating func set(_ rawName: String, _ value: String) {
        if let name = HTTPFields.Element.Name(rawName) { self[name] = value }
    }

    func value(_ rawName: String) -> String? {
        guard let name = HTTPFields.Element.Name(rawName) else { return nil }
        return self[name]
    }
}
