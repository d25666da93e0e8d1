/// The patterns, in the order verdicts are reported: a question that reaches for another
/// user's data is reported as that even when it also overrides instructions to get there (the
/// goal tells the operator more than the means). Within a threat, order does not matter.
///
/// Boundaries, decided once and written here (the fixtures hold the cases):
/// - A role the assistant is asked to play is fine ("act as my trip planner", "pretend you're a
///   park ranger"); so is anything the user pretends about themselves ("pretend I have $500").
///   Only a persona without rules, a jailbreak persona (DAN) or an admin is flagged.
/// - Trigger words aimed at the trip are fine ("ignore the toll roads", "forget the budget for a
///   moment", "olvidar la ruta anterior"): an override needs the assistant's instructions, rules
///   or prompt as its object.
/// - Instructions that are a document are fine ("the instructions for dumping tanks", "las
///   instrucciones para vaciar los tanques"); the assistant's own are not ("your instructions",
///   "the hidden instructions you were given", "tus instrucciones").
/// - A plain question that names another user's id ("how much did u002 spend") is not flagged:
///   the labelled tier 3 questions include exactly that, and tier 3's tools are bound to the
///   asker. What is flagged is getting around that binding: all/other users, admin claims,
///   switching or claiming a user id, tool parameters.
enum GuardPatterns {
    typealias Step = GuardPattern.Step
    typealias Near = GuardPattern.Near

    static func word(_ classes: WordClass, gap: Int = 0, only: WordClass? = nil, flags: GuardToken.Flags = []) -> Step {
        Step(classes: classes, flags: flags, gap: gap, gapOnly: only)
    }

    static func mark(_ marks: ContextMark, or classes: WordClass = [], gap: Int = 0, only: WordClass? = nil) -> Step {
        Step(classes: classes, marks: marks, gap: gap, gapOnly: only)
    }

    static let all: [GuardPattern] = crossUser + tools + exfiltration + rolePlay + overrides

    static let crossUser: [GuardPattern] = [
        // Near their data or a way to get it; not "what do other users say about Harvest Hosts".
        GuardPattern(
            name: "other users' data", threat: .crossUserAccess,
            steps: [word(.quantifier), mark(.foreignUsers, gap: 2, only: [.glue, .quantifier])],
            near: Near(classes: [.dataWord, .accessVerb, .toolNoun, .identifier], window: 8)),
        GuardPattern(
            name: "as admin", threat: .crossUserAccess,
            steps: [word([.asWord, .identityVerb]), word(.adminNoun, gap: 2, only: [.identityGlue, .glue])]),
        GuardPattern(name: "admin access", threat: .crossUserAccess, steps: [word(.adminNoun), word(.privilegeNoun)]),
        GuardPattern(
            name: "permisos de administrador", threat: .crossUserAccess,
            steps: [word(.privilegeNoun), word(.adminNoun, gap: 1, only: [.docPreposition, .glue])]),
        GuardPattern(name: "pretend to be admin", threat: .crossUserAccess, steps: [word(.roleVerb), word(.adminNoun, gap: 4)]),
        GuardPattern(name: "pretend to be another user", threat: .crossUserAccess, steps: [word(.roleVerb), mark(.foreignUsers, gap: 5)]),
        GuardPattern(
            name: "pretend to be user", threat: .crossUserAccess,
            steps: [word(.roleVerb), word(.userNoun, gap: 4), word(.userID)]),
        GuardPattern(
            name: "you are the admin", threat: .crossUserAccess,
            steps: [mark(.youAre), word(.adminNoun, gap: 2, only: [.glue, .identityGlue])]),
        GuardPattern(
            name: "switch user", threat: .crossUserAccess,
            steps: [word(.switchVerb), word([.userNoun, .accountNoun], gap: 3), word([.userID, .idWord], gap: 4)]),
        GuardPattern(
            name: "change the id", threat: .crossUserAccess,
            steps: [word(.switchVerb), word(.idWord, gap: 3, only: [.glue, .identityGlue, .docPreposition, .userNoun])]),
        GuardPattern(
            name: "I am user", threat: .crossUserAccess,
            steps: [word(.identityVerb), word(.userID, gap: 2, only: [.identityGlue, .userNoun])]),
        GuardPattern(
            name: "as if I were user", threat: .crossUserAccess,
            steps: [word(.asWord), word([.areWord, .identityVerb], gap: 3, only: .identityGlue), word(.userID, gap: 2, only: [.identityGlue, .userNoun])]),
        GuardPattern(name: "as user", threat: .crossUserAccess, steps: [word(.asWord), word(.userNoun), word(.userID)]),
        GuardPattern(
            name: "log in as", threat: .crossUserAccess,
            steps: [word(.loginVerb), word(.asWord, gap: 3), word(.userID, gap: 1, only: [.userNoun, .identityGlue])]),
        GuardPattern(
            name: "my account is", threat: .crossUserAccess,
            steps: [word([.userNoun, .accountNoun, .idWord, .toolParam]), word(.copula, gap: 4), word(.userID, gap: 1, only: .identityGlue)]),
    ]

    static let tools: [GuardPattern] = [
        GuardPattern(name: "parameter assigned", threat: .toolManipulation, steps: [word([.toolParam, .identifier, .idWord], flags: .assigned)]),
        GuardPattern(name: "identifier called", threat: .toolManipulation, steps: [word(.identifier, flags: .called)]),
        GuardPattern(
            name: "equals near a tool", threat: .toolManipulation, steps: [Step(flags: .equals)],
            near: Near(classes: [.toolNoun, .identifier, .toolVerb], window: 8)),
        GuardPattern(name: "call an identifier", threat: .toolManipulation, steps: [word([.toolVerb, .setVerb]), word(.identifier, gap: 4)]),
        GuardPattern(
            name: "tool for a user", threat: .toolManipulation, steps: [word(.toolVerb), word(.toolNoun, gap: 4)],
            near: Near(classes: [.userNoun, .userID, .toolParam, .identifier, .idWord], window: 8)),
        GuardPattern(
            name: "tool with parameters", threat: .toolManipulation, steps: [word(.toolVerb), word(.toolNoun, gap: 4)],
            near: Near(flags: .equals, window: 8)),
        GuardPattern(
            name: "user parameter", threat: .toolManipulation, steps: [word(.toolParam)],
            near: Near(classes: [.userID, .toolVerb, .setVerb], window: 4)),
    ]

    static let exfiltration: [GuardPattern] = [
        GuardPattern(name: "reveal your instructions", threat: .promptExfiltration, steps: [word(.revealVerb), mark(.ownedNoun, gap: 5)]),
        GuardPattern(
            name: "reveal the text above", threat: .promptExfiltration,
            steps: [word(.revealVerb), word(.textNoun, gap: 4), word(.aboveWord, gap: 1)], follower: .notNumber),
        GuardPattern(name: "what are your instructions", threat: .promptExfiltration, steps: [word(.interrogative), mark(.ownedNoun, gap: 3)]),
        GuardPattern(
            name: "what were you told", threat: .promptExfiltration, steps: [word(.interrogative), mark(.toldYou, gap: 3)],
            notAfter: Near(classes: .overrideVerb, window: 5)),
        GuardPattern(
            name: "reveal the system prompt", threat: .promptExfiltration,
            steps: [word([.revealVerb, .interrogative]), mark(.systemPrompt, gap: 5)]),
        GuardPattern(name: "list your tools", threat: .promptExfiltration, steps: [word([.revealVerb, .interrogative]), mark(.ownedTools, gap: 4)]),
        GuardPattern(
            name: "your hidden rules", threat: .promptExfiltration,
            steps: [word(.possessive2), word(.hiddenAdj, gap: 1), word([.strictNoun, .weakNoun], gap: 1)]),
        GuardPattern(
            name: "tus reglas internas", threat: .promptExfiltration,
            steps: [word(.possessive2), word([.strictNoun, .weakNoun], gap: 1), word(.hiddenAdj)]),
    ]

    static let rolePlay: [GuardPattern] = [
        GuardPattern(name: "pretend to be unrestricted", threat: .rolePlay, steps: [word(.roleVerb), mark(.removedLimit, or: .persona, gap: 6)]),
        GuardPattern(name: "an AI without rules", threat: .rolePlay, steps: [word(.aiNoun), mark(.removedLimit, gap: 3)]),
        GuardPattern(name: "unrestricted AI", threat: .rolePlay, steps: [word(.unrestrictedAdj), word(.aiNoun, gap: 2)]),
        GuardPattern(name: "you are DAN", threat: .rolePlay, steps: [mark(.youAre), word(.persona, gap: 2)]),
        GuardPattern(name: "you are no longer", threat: .rolePlay, steps: [mark(.youAre), word(.noLonger)]),
        GuardPattern(name: "ya no eres", threat: .rolePlay, steps: [word(.noLonger), mark(.youAre)]),
    ]

    static let overrides: [GuardPattern] = [
        GuardPattern(name: "ignore your instructions", threat: .instructionOverride, steps: [word(.overrideVerb), mark(.overrideTarget, gap: 4)]),
        GuardPattern(
            name: "ignore the above", threat: .instructionOverride,
            steps: [word(.overrideVerb), word(.aboveWord, gap: 3, only: .glue)], follower: .endOrGlue),
        GuardPattern(
            name: "stop following your rules", threat: .instructionOverride,
            steps: [word(.negation), word(.followVerb, gap: 1, only: [.glue, .docPreposition]), mark([.overrideTarget, .systemPrompt], gap: 4)]),
        GuardPattern(name: "instructions cancelled", threat: .instructionOverride, steps: [mark(.overrideTarget), word(.cancelWord, gap: 4)]),
        GuardPattern(name: "system prompt override", threat: .instructionOverride, steps: [mark(.systemPrompt), word(.overrideVerb, gap: 1)]),
        GuardPattern(name: "new instructions", threat: .instructionOverride, steps: [word(.newWord), mark([.overrideTarget, .systemPrompt], gap: 1)]),
        GuardPattern(
            name: "system prompt", threat: .instructionOverride,
            steps: [word(.systemWord), Step(classes: .strictNoun, required: .systemPrompt)]),
        GuardPattern(
            name: "prompt del sistema", threat: .instructionOverride,
            steps: [Step(classes: .strictNoun, required: .systemPrompt), word(.systemWord, gap: 1)]),
        GuardPattern(name: "you are now", threat: .instructionOverride, steps: [mark(.youAre), word(.nowWord)]),
        GuardPattern(name: "ahora eres", threat: .instructionOverride, steps: [word(.nowWord), mark(.youAre, gap: 1)]),
        // Only when addressed to the assistant or switched on: not "is developer mode on my phone safe".
        GuardPattern(
            name: "developer mode", threat: .instructionOverride, steps: [word(.modeAdj), word(.modeWord)],
            near: Near(classes: [.youWord, .possessive2, .activation, .nowWord], window: 5)),
        GuardPattern(
            name: "modo desarrollador", threat: .instructionOverride, steps: [word(.modeWord), word(.modeAdj)],
            near: Near(classes: [.youWord, .possessive2, .activation, .nowWord], window: 5)),
        GuardPattern(name: "you have no limits", threat: .instructionOverride, steps: [word([.youWord, .haveWord]), mark(.removedLimit, gap: 3)]),
        GuardPattern(name: "answer without filters", threat: .instructionOverride, steps: [word(.answerVerb), mark(.removedLimit, gap: 2)]),
        GuardPattern(name: "forget what you were told", threat: .instructionOverride, steps: [word(.overrideVerb), mark(.toldYou, gap: 5)]),
    ]
}
