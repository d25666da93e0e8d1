import ArgumentParser
import QueryClassifier
import Router

/// `router vocabulary`: the words the classifier's spelling corrector may produce, one a line
/// (the input of `scripts/make_near_words.py`, and a quick look at what the router knows).
struct Vocabulary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the words typos are corrected into, one a line (for scripts/make_near_words.py)."
    )

    func run() {
        for word in Spelling.targetWords { print(word) }
    }
}
