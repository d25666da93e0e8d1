/// The words and phrases normalisation rewrites, English and Spanish (folded: lowercase, no
/// accents, no apostrophes). Vocabulary and rules only: no table here names a whole question.
enum NormalizerVocabulary {
    /// Phrases that carry no meaning for any route: voice fillers, politeness, throat-clearing.
    /// Keyed by first word; the longest match wins. A phrase that ends in "*" drops only when the
    /// next word is one of `requestVerbs` ("can you tell me…", not "what can you do").
    static let fillerPhrases: [String: [[String]]] = phraseTable("""
        um | umm | ummm | uh | uhh | uhm | uhhh | er | erm | hmm | hmmm | hm | mm | mmm | ah | oh | eh | ahh
        lol | lmao | haha | hahaha | ngl | tbh | fr | bro | dude | yeah | yep | yup | yes | nah | ok | okay | okey | k | kk
        ugh | ugh ok | meh | welp | whew | phew | or nah | or not | yet or nah
        alright | anyway | anyways | basically | literally | honestly | seriously | kinda | sorta | like | so | just
        well | pues | bueno | entonces | oiga | mira | vale | porfa | porfis | xfa | plis
        please | pls | plz | pleeease | kindly | por favor | if you could | if you can | would be grateful if you could | id be grateful if you could
        i would be grateful if you could | much appreciated | looking like | look like | looks like | looking | lookin | hows it going
        you know | ya know | i mean | so like | okay so | ok so | and so
        i wanna know | i want to know | i would like to know | id like to know | i need to know | wanna know | want to know
        i was wondering | i wonder | just wondering | wondering | i was curious | just curious | curious
        can you tell me | could you tell me | would you tell me | can you let me know | could you let me know
        let me know | tell me | lmk | let me ask | let me ask you | quick question | real quick | really quick | right now
        i have a question | i got a question | got a question | question for you | a question
        do you know | do u know | any idea | you got any idea | by the way | btw
        going by the | going by | based on the | based on | according to the | according to
        help me * | question mark | hey siri | siri | alexa | ok google | hey google | idk | dunno | i dunno | i dont know
        does that work out to | does it work out to | that work out to | it work out to | work out to | works out to
        can you * | could you * | would you * | will you * | can u * | could u * | are you able to * | would you mind *
        me puedes decir | puedes decirme | podrias decirme | me podrias decir | me dices | dime por favor
        quiero saber | quisiera saber | me gustaria saber | necesito saber | a ver | o sea | oye una pregunta | una pregunta
        """)

    /// Fillers that open a sentence and mean something inside one ("well" → "as well", "bueno" →
    /// "es bueno"): dropped only at the start of the message or of a sentence.
    static let openingFillers: Set<String> = [
        "well", "bueno", "pues", "entonces", "vale", "mira", "anyway", "anyways", "alright", "yes", "yeah", "yep",
        "yup", "nah", "oh", "ah", "okay", "ok", "okey", "k", "kk", "oiga",
    ]

    /// After "tell me" these make an open request ("tell me about…"), so "tell me" stays.
    static let openRequests: Set<String> = ["about", "a", "an", "something", "more", "why", "everything"]

    /// Verbs after which "can you" is a polite request and not a question about ability.
    static let requestVerbs: Set<String> = [
        "tell", "show", "give", "list", "pull", "get", "check", "let", "remind", "calculate", "figure", "compute",
        "work", "split", "convert", "divide", "look", "say", "see", "read", "pulling", "showing", "telling",
        "giving", "listing", "checking", "reading", "bring", "bringing",
    ]

    /// Idioms, rewritten into the router's own words. Keyed by first word.
    static let idioms: [String: [([String], [String])]] = {
        var t: [String: [([String], [String])]] = [:]
        func add(_ to: String, _ phrases: String) {
            for phrase in phrases.split(separator: "|") {
                let words = phrase.split(whereSeparator: \.isWhitespace).map(String.init)
                guard let first = words.first else { continue }
                t[first, default: []].append((words, to.split(separator: " ").map(String.init)))
            }
        }
        add("spent", """
            shell out | shelled out | shelling out | fork over | forked over | fork out | forked out | forking out | \
            put on the card | put on my card | put on the credit card | charged to the card | cough up | coughed up | \
            set me back | sets me back | set us back | sets us back | set back | \
            dropped on | drop on | dropping on | dropped at | blown on | blew on | burned on | burnt on | \
            put down on | put down for | laid out | lay out | what went to | what went toward | what went towards | \
            what went for | went toward | went towards | racked up | rack up | sunk into | sank into | put toward | \
            put towards | went out the door | gone out the door
            """)
        add("saved", """
            put away | putting away | put aside | set aside | sock away | socked away | stash away | stashed away | \
            tucked away | squirreled away | squirrelled away | saved up | put back | squirrel away | tuck away | \
            managed to save | managed to put away
            """)
        add("review my", "go over my | going over my | look over my | looking over my")
        add("review the", "go over the | going over the | look over the | looking over the")
        add("review our", "go over our | look over our")
        add("over", """
            go over | in the red | bust | busted | busting | blow through | blew through | blown through | blowing through | \
            gone over | went over | over the limit | past the limit
            """)
        add("under", "in the black | under the limit")
        add("review", "walk me through | walk through | look into")
        add("increase", "go up | goes up | went up | going up | gone up | gone way up | subir | subio | sube")
        add("decrease", "go down | goes down | went down | going down | gone down | bajar")
        add("forecast", "run out | runs out | running out | ran out | se acabe | se acaba")
        add("why", "por que | how come")
        add("how is", "where i at on | where i at with | where are i at on | where am i at on | where did i land on | where did i land with | vamos bien con | voy bien con | como vamos de | como voy de | how did i do vs | how did i do against | how did i do on | how did i do with | how am i doing vs | how did we do vs")
        add("saved", "logramos ahorrar | logre ahorrar | pudimos ahorrar | pude ahorrar")
        add("help", "que sabes hacer | sabes hacer | what do you know how to do")
        add("all time", "since i started logging | since we started logging | since i started tracking")
        add("good", "esta bien | es bueno | es buena | son buenos | is that good | is it good | is this good")
        add("by cheque", "by check | with a check | con cheque")
        add("how much spent", "how much went | how much has gone | how much have gone | how much money went | how much of my money went")
        add("how much saved", "how much went to savings | how much went into savings | how much has gone into savings | how much have i put into savings")
        add("para", "pa")
        add("except", "apart from | aside from | other than | ademas de | take out | taking out | leave out | leaving out | not counting | not including | minus the | sin contar")
        add("2 ways", "fifty fifty | fifty - fifty | half and half | mitad y mitad | a medias | mitad y mitad | down the middle | evenly between two")
        add("each", "per person | por persona | a person | each person | cada persona | a head | per head | por cabeza | cada uno | cada una | apiece")
        add("how is", """
            where am i at with | where are i at with | where am i with | where do i stand with | where do i stand on | \
            where i stand with | how am i doing with | how am i doing on | hows it looking with | how is it looking with
            """)
        add("status", "end up | ended up | turn out | turned out | turning out | holding up | shaping up | rundown | run down")
        add("fill", "fill up | filled up | filling up | fill ups | top off | topped off | llene el tanque | llenamos el tanque | llene | llenamos")
        add("costs", "cuanto me sale | cuanto nos sale | me sale | nos sale | me saldria | cuanto sale | sale en")
        add("between 2 people", "between me and the wife | between me and my wife | between me and my husband | between me and my partner | between me and a friend | between me and my friend | between me and my buddy | between the two of us | between us two | between both of us | entre mi esposa y yo | entre mi esposo y yo | entre los dos | entre nosotros dos")
        add("i", "the hubby and i | me and the hubby | the missus and i | me and the missus | my better half and i | the wife and i | my wife and i | the husband and i | my husband and i | my partner and i | me and my wife | me and the wife | me and my husband | me and my partner | mi esposa y yo | mi esposo y yo | mi pareja y yo")
        add("help", "how does this work | how does this thing work | how does it work | how does this app work | how do i use this | how do i use it | how do you work | como funciona esto | como funciona | como te uso")
        add("to", "over to | down to | across to | out to | up to the | up to")
        add("how is", "como va | como van | como vamos con | como voy con | como vamos | como voy | como andamos con | como ando con | que tal va | que tal el | que tal mi")
        add("over", "nos pasamos | me pase | ya me pase | ya nos pasamos")
        add("budget", "without going over budget | w/o going over budget | without busting the budget | and stay on budget | and stay under budget | sin pasarme del presupuesto | sin pasarnos del presupuesto")
        add("each", "cada quien | everybody cut | everyone cut | each person cut | everybodys cut | everyones cut")
        add("how much can i spend", "how much more can i spend | how much more can we spend | how much more can i still spend")
        add("drive", "behind the wheel | on the road for")
        add("distance", "as the crow flies")
        add("2 ways", "go halves | go halves on | split it down the middle")
        add("hello", "que onda | que hubo | que tal")
        add("did i", "did i make | did we make")
        add("my", "i need my | i need to see my | i want my | i need to know my")
        add("budget", "monthly budget | budget for the month")
        add("how much money", "how much cash")
        add("how much", "how many dollars | cuanto dinero | cuanta plata | what amount | how much money")
        // The longest phrase wins.
        return t.mapValues { $0.sorted { $0.0.count > $1.0.count } }
    }()

    /// Single-word shorthand and its expansion.
    static let shorthand: [String: [String]] = {
        var t: [String: [String]] = [:]
        func add(_ to: String, _ words: String) {
            for w in words.split(whereSeparator: \.isWhitespace) { t[String(w)] = to.split(separator: " ").map(String.init) }
        }
        add("you", "u yu")
        add("are", "r")
        add("your", "ur")
        add("thanks", "thx thnx thanx thnks tx tks thks")
        add("thank you", "ty tysm")
        add("transactions", "txns txs trxs")
        add("transaction", "txn trx")
        add("between", "btwn bw")
        add("what", "wat wut wht whta waht wats wuts whts")
        add("how is", "hows")
        add("and", "n")
        add("last", "lst")
        add("yesterday", "yday ystrdy yest")
        add("kilometers", "klicks klick clicks")
        add("previous", "prev")
        add("over", "ovr")
        add("right now", "rn")
        add("how", "hw")
        add("about", "abt")
        add("people", "ppl")
        add("months", "mos mths mnths")
        add("month", "mth mnth")
        add("weeks", "wks")
        add("week", "wk")
        add("years", "yrs")
        add("year", "yr")
        add("hours", "hrs")
        add("hour", "hr")
        add("minutes", "mins")
        add("total", "tot ttl")
        add("amount", "amt")
        add("average", "avg")
        add("calculate", "calc")
        add("economy", "econ")
        add("maintenance", "maint")
        add("entertainment", "ent")
        add("groceries", "groc")
        add("because", "bc cuz coz bcuz bcoz")
        add("tomorrow", "tmrw tmrow tmr tmw")
        add("today", "tdy")
        add("going to", "gonna")
        add("want to", "wanna")
        add("got to", "gotta")
        add("out of", "outta")
        add("let me", "lemme")
        add("give me", "gimme")
        add("through", "thru")
        add("until", "til")
        add("though", "tho")
        add("please", "pls plz")
        add("from", "frm")
        add("with", "wth")
        add("que", "q")
        add("porque", "xq pq porq xk")
        add("tambien", "tb tmb tmbn")
        add("por favor", "porfa xfa")
        return t
    }()

    /// Suffixes typed onto a number: "30d", "2wk", "3hrs", "1.2k".
    static func numberSuffix(_ word: String) -> String? {
        switch word {
        case "d", "dy", "dys": return "days"
        case "w", "wk", "wks": return "weeks"
        case "mo", "mos", "mth", "mths": return "months"
        case "y", "yr", "yrs": return "years"
        case "h", "hr", "hrs": return "hours"
        case "min", "mins": return "minutes"
        default: return nil
        }
    }

    /// Words before "30d" that already say which days: then no "last" is added.
    static let spanIntroducers: Set<String> = [
        "last", "past", "previous", "prior", "the", "in", "for", "over", "next", "every", "per", "each", "within",
        "ultimos", "ultimas", "los", "las", "en", "durante", "pasados", "pasadas", "cada", "a", "an",
    ]

    /// Pictographs that change the answer wherever they stand: a negation ("🚫 gas") or a return
    /// trip ("denver → moab 🔁"). (A trend arrow is content inside a sentence, like any picture.)
    static let contentMarks: Set<Unicode.Scalar> = [
        "\u{1F6AB}", "\u{274C}", "\u{2796}", "\u{2716}", "\u{26D4}", "\u{1F501}", "\u{1F504}", "\u{21A9}", "\u{21AA}",
        "\u{1F519}",
    ]

    /// Faces, hands and hearts: mood, never a word, set aside wherever they are. Other pictographs
    /// are set aside only at the edge of a sentence; inside one they stand for a word.
    static func isMood(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1F600...0x1F64F, 0x1F910...0x1F93F, 0x1F970...0x1F97F, 0x1F440...0x1F450, 0x1F493...0x1F49F,
            0x2764, 0x2763, 0x2728, 0x1F389, 0x1F38A, 0x1F4AF, 0x263A, 0x1F4AA, 0x1F525, 0x1F9E1, 0x1F90D...0x1F90F,
            0x1F499...0x1F49C, 0x2665, 0x1F44A...0x1F44F, 0x270C, 0x270A, 0x270B, 0x1F91A...0x1F91F, 0x1F4A9, 0x1F4A5,
            // Vehicles, roads and the outdoors: the RV life's decoration.
            0x1F690...0x1F69A, 0x1F6FB, 0x1F3D4...0x1F3DC, 0x1F304...0x1F307, 0x1F332, 0x1F333, 0x1F5FA, 0x1F9ED,
            0x2600, 0x1F31E, 0x2B50, 0x1F31F, 0x1F308, 0x26F0, 0x1F30E...0x1F310:
            return true
        default:
            return false
        }
    }

    /// Pictographs and symbols that mean a word; every other one is set aside.
    static let markWords: [String: String] = [
        "→": "to", "➡": "to", "➡️": "to", "⇒": "to", "⟶": "to", "➔": "to", "⮕": "to", "↦": "to",
        "⛽": "fuel", "⛽️": "fuel", "🏕": "camping", "🏕️": "camping", "⛺": "camping", "⛺️": "camping",
        "🧾": "receipts", "↔": "to", "↔️": "to", "🔧": "maintenance", "🛠": "maintenance", "🛠️": "maintenance", "🍽": "food", "🍽️": "food", "🍔": "food",
        "🍕": "food", "🌮": "food",
    ]

    /// A household asking about its own records is the user asking.
    static let firstPerson: [String: String] = [
        "we": "i", "us": "me", "our": "my", "ours": "mine", "ourselves": "myself", "weve": "ive",
        "nosotros": "yo", "nosotras": "yo", "nuestro": "mi", "nuestra": "mi", "nuestros": "mis", "nuestras": "mis",
    ]

    private static func phraseTable(_ text: String) -> [String: [[String]]] {
        var t: [String: [[String]]] = [:]
        for line in text.split(separator: "\n") {
            for phrase in line.split(separator: "|") {
                let words = phrase.split(whereSeparator: \.isWhitespace).map(String.init)
                guard let first = words.first else { continue }
                t[first, default: []].append(words)
            }
        }
        // Longest first, so "can you tell me" wins over "can you *".
        return t.mapValues { $0.sorted { $0.count > $1.count } }
    }
}
