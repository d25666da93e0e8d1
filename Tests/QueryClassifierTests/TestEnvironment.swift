import Domain
import Foundation
import Tier2Compute

@testable import QueryClassifier

/// What the classifier's tests share: one classifier over the bundled gazetteer, the day the
/// labelled phrasings are asked on, and the labelled files beside the tests.
enum TestEnvironment {
    static let classifier = Classifier(gazetteer: Gazetteer.bundled)
    static let day = Day(year: 2026, month: 11, day: 21)!

    static func fixture(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }
}
