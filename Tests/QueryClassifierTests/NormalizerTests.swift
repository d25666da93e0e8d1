import Domain
import Testing
import Tier2Compute

@testable import QueryClassifier

/// Normalisation, mechanism by mechanism: what each rewrite does, and what it must never do.
@Suite struct NormalizerTests {
    let normalizer = Normalizer(gazetteer: Gazetteer.bundled)

    private func normalized(_ text: String) -> Normalized { normalizer.normalize(Lexer.tokens(text)) }

    private func kinds(_ text: String) -> [Rewrite.Kind] { normalized(text).rewrites.map(\.kind) }

    @Test(arguments: [
        ("um so how much did i spend", "how much did i spend"),
        ("okay so like what's my mpg", "what my mpg"),
        ("can you tell me my savings", "my savings"),
        ("i wanna know my budget please", "my budget"),
        ("quiero saber mis ahorros por favor", "mis ahorros"),
    ])
    func dropsFillers(_ text: String, _ expected: String) {
        let n = normalized(text)
        #expect(n.text == expected)
        #expect(n.rewrites.contains { $0.kind == .filler })
    }

    /// "can you" before a request verb is politeness; before "do" it is the question itself.
    @Test func keepsCanYouWhenItIsTheQuestion() {
        #expect(normalized("what can you do").text == "what can you do")
        #expect(normalized("can you show me my expenses").text == "show me my expenses")
    }

    @Test(arguments: [
        ("fourteen days", 14.0), ("three hundred fifty miles", 350), ("a hundred and twenty miles", 120),
        ("two thousand dollars", 2000), ("forty-five gallons", 45), ("twenty eight gallons", 28),
        ("fifteen hundred miles", 1500), ("trescientas millas", 300), ("cuarenta y cinco galones", 45),
        ("mil doscientos kilómetros", 1200), ("dos mil libras", 2000), ("2 hundred miles", 200),
        ("5 hundred kilometers", 500), ("2 mil libras", 2000), ("1.2k miles", 1200), ("$2k", 2000),
        ("two and a half hours", 2.5), ("a dozen", 12), ("minus ten celsius", -10), ("veintidós días", 22),
    ])
    func readsNumbersInWords(_ text: String, _ value: Double) {
        let n = normalized(text)
        let numbers = n.tokens.filter { $0.kind == .number }
        #expect(numbers.count == 1 && numbers.first?.number == value, "\(text) → \(n.text)")
    }

    /// "one", "un", "una" alone are words ("which one", "una semana"), and two numbers said one
    /// after the other stay two numbers.
    @Test func leavesLoneOnesAndSeparateNumbers() {
        #expect(normalized("which one").tokens.allSatisfy { $0.kind == .word })
        #expect(normalized("en una semana").tokens.allSatisfy { $0.kind == .word })
        #expect(normalized("one gallon").tokens.first?.kind == .number)
        #expect(normalized("split two three ways").tokens.filter { $0.kind == .number }.map(\.number) == [2, 3])
        #expect(normalized("mil gracias").tokens.allSatisfy { $0.kind == .word })
    }

    @Test(arguments: [
        ("fuel w/ diesel", "fuel with diesel"), ("gas @ 3.89", "gas at 3.89"), ("denver -> moab", "denver to moab"),
        ("denver → moab", "denver to moab"), ("spend 30d", "spend last 30 days"), ("over the last 2wk", "over the last 2 weeks"),
        ("3hrs", "3 hours"), ("r u there", "are you there"), ("last 7 txns", "last 7 transactions"),
        ("splt $75 btwn 3 ppl", "split $75 between 3 people"), ("40$", "$40"),
    ])
    func expandsShorthand(_ text: String, _ expected: String) {
        #expect(normalized(text).text == expected)
    }

    @Test func setsEmojiAsideButReadsTheFuelPump() {
        let n = normalized("🚐 how much on ⛽ this month? 😬🙏")
        #expect(n.text == "how much on fuel this month?")
        #expect(n.rewrites.contains(Rewrite(.symbol, from: "⛽", to: "fuel")))
        #expect(n.rewrites.contains(Rewrite(.symbol, from: "🚐😬🙏", to: "")))
    }

    @Test(arguments: [
        ("spnd", "spend"), ("buget", "budget"), ("gallns", "gallons"), ("grocereis", "groceries"),
        ("restaraunts", "restaurants"), ("maintanence", "maintenance"), ("insurnace", "insurance"),
        ("milage", "mileage"), ("gass", "gas"), ("celcius", "celsius"),
    ])
    func correctsTyposInKnownWords(_ typo: String, _ word: String) {
        let n = normalized("how much \(typo)")
        #expect(n.rewrites.contains(Rewrite(.spelling, from: typo, to: word)), "\(typo) → \(n.text)")
    }

    /// Never into a judgement word, never in a merchant's or place's slot, never a place, never a
    /// capitalised name, never into a word that means nothing to a route.
    @Test(arguments: [
        "recomend campgrounds", "how much at Walmrt", "how much at costko", "gas in Moab", "spending at Sams",
        "chepest diesel", "my wifes spending",
    ])
    func doesNotCorrectWhereItIsUnsafe(_ text: String) {
        #expect(!kinds(text).contains(.spelling), "\(normalized(text).rewrites)")
    }

    @Test func collapsesRepeatedLetters() {
        #expect(normalized("hiii").text == "hi")
        #expect(normalized("sooo how much todayyy").text == "how much today")
        #expect(normalized("thaaanks").text == "thanks")
    }

    @Test func readsAHouseholdAsTheUser() {
        #expect(normalized("how much did we spend on our groceries").text == "how much did i spend on my groceries")
        #expect(normalized("split it between the three of us").text == "split it between the 3 of us")
    }

    @Test func readsIdiomsInTheRoutersWords() {
        #expect(normalized("what did i shell out for rv parks").text == "what did i spent for rv parks")
        #expect(normalized("am i in the red on tires").text == "am i over on tires")
        #expect(normalized("how much did i put away").text == "how much did i saved")
    }

    @Test func readsCapitalsAsLowerCase() {
        let n = normalized("HOW MUCH DID I SPEND ON GAS IN OCTOBER")
        #expect(n.rewrites.first?.kind == .capitals)
        #expect(n.tokens.allSatisfy { !$0.isUppercase })
        // A state code in an ordinary sentence stays a state code.
        #expect(normalized("distance from Portland OR to Boise").tokens.contains { $0.isUppercase })
    }

    /// Identifiers typed as letters and digits stay one unknown word, never "you 2".
    @Test func keepsIdentifiersWhole() {
        #expect(normalized("spending for u002").text == "spending for u002")
    }
}
