/// The roles a normalised word can play in an injection pattern. A word may have several
/// ("show" reveals and reads data; "all" is a quantifier and glue). Patterns are written over
/// these classes, never over spellings, so one lexicon line covers every obfuscated form.
///
/// These come from the lexicon alone; what a word's neighbours add (an instruction noun that is
/// "yours", a limit that is removed) is a `ContextMark`.
struct WordClass: OptionSet, Sendable, Hashable {
    let rawValue: UInt64

    // MARK: Overrides
    static let overrideVerb = WordClass(rawValue: 1 << 0)  // ignore, disregard, forget, olvida
    static let followVerb = WordClass(rawValue: 1 << 1)  // follow, obey, sigas
    static let negation = WordClass(rawValue: 1 << 2)  // stop, not, dont, deja
    static let cancelWord = WordClass(rawValue: 1 << 3)  // cancelled, revoked, "no longer"
    static let strictNoun = WordClass(rawValue: 1 << 4)  // instructions, prompt, directives
    static let weakNoun = WordClass(rawValue: 1 << 5)  // rules, policies, context (need an owner)
    static let safetyNoun = WordClass(rawValue: 1 << 6)  // filters, restrictions, limits
    static let messageNoun = WordClass(rawValue: 1 << 7)  // message, mensaje (system message)
    static let priorAdj = WordClass(rawValue: 1 << 8)  // previous, prior, earlier, anteriores
    static let hiddenAdj = WordClass(rawValue: 1 << 9)  // hidden, secret, internal
    static let originAdj = WordClass(rawValue: 1 << 10)  // original, initial, iniciales
    static let systemWord = WordClass(rawValue: 1 << 11)  // system, sistema
    static let aboveWord = WordClass(rawValue: 1 << 12)  // above, preceding, anterior, arriba
    static let newWord = WordClass(rawValue: 1 << 13)  // new, updated, nuevas
    static let nowWord = WordClass(rawValue: 1 << 14)  // now, ahora
    static let modeWord = WordClass(rawValue: 1 << 15)  // mode, modo
    static let modeAdj = WordClass(rawValue: 1 << 16)  // developer, god, debug, desarrollador
    static let activation = WordClass(rawValue: 1 << 17)  // enabled, activate, activado
    static let answerVerb = WordClass(rawValue: 1 << 18)  // answer, respond, responde

    // MARK: People and persons
    static let possessive2 = WordClass(rawValue: 1 << 19)  // your, ur, tus, its
    static let youWord = WordClass(rawValue: 1 << 20)  // you, u, te
    static let areWord = WordClass(rawValue: 1 << 21)  // are, r, were
    static let youAreWord = WordClass(rawValue: 1 << 22)  // youre, eres
    static let haveWord = WordClass(rawValue: 1 << 23)  // have, tienes
    static let toldVerb = WordClass(rawValue: 1 << 24)  // told, given, instructed, dijeron
    static let noLonger = WordClass(rawValue: 1 << 25)  // "no longer", "ya no"

    // MARK: Exfiltration
    static let revealVerb = WordClass(rawValue: 1 << 26)  // repeat, print, reveal, muestra
    static let interrogative = WordClass(rawValue: 1 << 27)  // what, which, que, cuales
    static let textNoun = WordClass(rawValue: 1 << 28)  // text, everything, words, texto

    // MARK: Role-play
    static let roleVerb = WordClass(rawValue: 1 << 29)  // pretend, act, roleplay, finge
    static let persona = WordClass(rawValue: 1 << 30)  // dan, jailbroken, "do anything now"
    static let unrestrictedAdj = WordClass(rawValue: 1 << 31)  // unrestricted, unfiltered
    static let aiNoun = WordClass(rawValue: 1 << 32)  // ai, assistant, model, bot, ia
    static let limitWord = WordClass(rawValue: 1 << 33)  // no, without, sin, ninguna

    // MARK: Other users
    static let quantifier = WordClass(rawValue: 1 << 34)  // all, every, other, todos, otro
    static let userNoun = WordClass(rawValue: 1 << 35)  // user, usuario, customer
    static let idWord = WordClass(rawValue: 1 << 36)  // id
    static let dataWord = WordClass(rawValue: 1 << 37)  // expenses, budget, gastos, datos
    static let accessVerb = WordClass(rawValue: 1 << 38)  // show, list, give, dame
    static let adminNoun = WordClass(rawValue: 1 << 39)  // admin, administrator, root
    static let privilegeNoun = WordClass(rawValue: 1 << 40)  // access, privileges, permisos
    static let asWord = WordClass(rawValue: 1 << 41)  // as, como
    static let identityVerb = WordClass(rawValue: 1 << 42)  // am, im, soy, were
    static let copula = WordClass(rawValue: 1 << 43)  // is, es
    static let loginVerb = WordClass(rawValue: 1 << 44)  // log, login, sign
    static let switchVerb = WordClass(rawValue: 1 << 45)  // change, switch, cambia
    static let identityGlue = WordClass(rawValue: 1 << 46)  // the, actually, if, i, now

    // MARK: Tools
    static let toolVerb = WordClass(rawValue: 1 << 47)  // call, invoke, run, use, llama
    static let toolNoun = WordClass(rawValue: 1 << 48)  // tool, function, herramienta
    static let toolParam = WordClass(rawValue: 1 << 49)  // userid, uid
    static let setVerb = WordClass(rawValue: 1 << 50)  // set, pass, pon

    // MARK: Structure
    static let glue = WordClass(rawValue: 1 << 51)  // the, all, of, todo, lo, que
    static let allWord = WordClass(rawValue: 1 << 52)  // all, every, todas
    static let docPreposition = WordClass(rawValue: 1 << 53)  // for, on, from: "instructions for X"
    static let number = WordClass(rawValue: 1 << 54)  // 40, fifty
    static let userID = WordClass(rawValue: 1 << 55)  // u002, u017s
    static let identifier = WordClass(rawValue: 1 << 56)  // summary_spend, user_id
    static let accountNoun = WordClass(rawValue: 1 << 57)  // account, cuenta (also a bank's)
    static let firstPerson = WordClass(rawValue: 1 << 58)  // my, our, mis, nuestro
    static let limitQualifier = WordClass(rawValue: 1 << 59)  // on, about, de: "limits on distance"

    // MARK: Unions the per-question code asks about, built once: an array literal of an option
    // set is built by a generic initialiser on every evaluation, which showed as the guard's
    // largest cost in profiles.
    static let instructionNoun: WordClass = [.strictNoun, .weakNoun]
    static let limitable: WordClass = [.safetyNoun, .weakNoun, .strictNoun]
    static let promptLike: WordClass = [.strictNoun, .messageNoun]
    static let ownerBefore: WordClass = [.possessive2, .priorAdj, .hiddenAdj, .originAdj, .systemWord, .aboveWord]
    static let ownerAfter: WordClass = [.priorAdj, .hiddenAdj, .originAdj, .systemWord, .aboveWord]
    static let people: WordClass = [.userNoun, .accountNoun]
    static let tripQuantity: WordClass = [.dataWord, .number]
    static let sweepable: WordClass = [.weakNoun, .safetyNoun]
}
