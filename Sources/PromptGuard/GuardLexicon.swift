/// The words the patterns are written over, English and Spanish, each with its roles.
///
/// Spellings are what `GlyphFolding` produces: lower-case ASCII, accents folded ("olvídate" is
/// "olvidate"), apostrophes dropped ("you're" is "youre"). Inflections are listed rather than
/// stemmed: a stemmer would cost time and blur words the patterns must tell apart ("forget" is
/// an override, "forgot" is a user talking about themselves).
struct GuardLexicon: Sendable {
    /// Every known word with its roles (`WordClass` bits and `wordBit`), and every prefix of a
    /// known word (without `wordBit`): a fragment that is no prefix cannot start a join
    /// ("ign" + "ore") or a segment ("ignoreall…"), and one probe answers both questions.
    private let words: WordTable
    private static let wordBit: UInt64 = 1 << 63
    /// Several words read as one: "haz de cuenta" (pretend), "no longer", "do anything now";
    /// by first word, an index into `phraseLists`.
    private let phraseHeads: WordTable
    private let phraseLists: [[Phrase]]

    struct Phrase: Sendable {
        let rest: [WordKey]
        let classes: WordClass
    }

    static let shared = GuardLexicon()

    init() {
        var words: [WordKey: WordClass] = [:]
        for (classes, list) in Self.entries {
            for word in list.split(separator: " ") {
                guard let key = WordKey(String(word)) else { continue }
                words[key, default: []].formUnion(classes)
            }
        }
        var prefixes: [WordKey: Bool] = [:]
        for key in words.keys {
            var prefix = WordKey()
            for k in 0..<key.count {
                prefix.append(key[k])
                prefixes[prefix] = true
            }
        }
        var phrases: [WordKey: [Phrase]] = [:]
        for (classes, text) in Self.phraseEntries {
            let keys = text.split(separator: " ").compactMap { WordKey(String($0)) }
            guard let head = keys.first, keys.count > 1 else { continue }
            phrases[head, default: []].append(Phrase(rest: Array(keys.dropFirst()), classes: classes))
        }
        var table: [WordKey: UInt64] = prefixes.mapValues { _ in 0 }
        for (key, classes) in words { table[key] = classes.rawValue | Self.wordBit }
        self.words = WordTable(table)
        let heads = Array(phrases.keys)
        self.phraseLists = heads.map { phrases[$0] ?? [] }
        self.phraseHeads = WordTable(Dictionary(uniqueKeysWithValues: heads.enumerated().map { ($1, UInt64($0)) }))
    }

    func classes(of key: WordKey) -> WordClass? {
        guard let payload = words[key], payload & Self.wordBit != 0 else { return nil }
        return WordClass(rawValue: payload & ~Self.wordBit)
    }

    func isPrefix(_ key: WordKey) -> Bool { words.contains(key) }

    /// The phrases that start with `key`, if any.
    func phrases(startingWith key: WordKey) -> [Phrase]? {
        guard let index = phraseHeads[key] else { return nil }
        return phraseLists[Int(index)]
    }

    /// The known word `key` spells, allowing for letters typed again and again: "ignoooore",
    /// "alllll", "previouss". Runs of three or more become two first (so "all" and "command"
    /// keep their doubles), then every run becomes one.
    func lookup(_ key: WordKey) -> (key: WordKey, classes: WordClass)? {
        if let c = classes(of: key) { return (key, c) }
        guard Self.hasRepeat(key) else { return nil }
        let two = Self.collapse(key, keeping: 2)
        if two != key, let c = classes(of: two) { return (two, c) }
        let one = Self.collapse(key, keeping: 1)
        if one != two, let c = classes(of: one) { return (one, c) }
        return nil
    }

    private static func hasRepeat(_ key: WordKey) -> Bool {
        guard key.count > 1 else { return false }
        for k in 1..<key.count where key[k] == key[k - 1] { return true }
        return false
    }

    private static func collapse(_ key: WordKey, keeping limit: Int) -> WordKey {
        var out = WordKey()
        var run = 0
        for k in 0..<key.count {
            run = k > 0 && key[k] == key[k - 1] ? run + 1 : 1
            if run <= limit { out.append(key[k]) }
        }
        return out
    }

    // MARK: The words

    static let entries: [(WordClass, String)] = [
        // Overrides.
        (.overrideVerb, "ignore ignoring ignores disregard disregarding disregards forget forgetting forgets override overrides overriding bypass bypassing bypasses discard discarding disobey circumvent overrule abandon drop ditch neglect"),
        (.overrideVerb, "ignora ignorar ignoren ignores ignoralas olvida olvidar olviden olvides olvidate olvidalas omite omitir omitan desobedece desobedecer descarta descartar anula anular"),
        (.followVerb, "follow following obey obeying comply sigas seguir sigue sigan obedece obedecer obedezcas cumplas cumplir respetes respetar"),
        (.negation, "stop quit dont not never cease no nunca deja dejes dejar"),
        (.cancelWord, "cancelled canceled revoked rescinded obsolete invalid invalidated superseded overridden expired lifted removed anuladas anulados canceladas cancelados revocadas revocados invalidas obsoletas eliminadas"),
        (.strictNoun, "instructions instruction prompt prompts directives directive guidelines guideline guidance programming instrucciones instruccion indicaciones indicacion directrices directriz pautas programacion"),
        (.weakNoun, "rules rule policies policy context commands training reglas regla normas norma politicas contexto"),
        (.safetyNoun, "filters filter restrictions restriction limits limit limitations guardrails safeguards safety censorship ethics morals boundaries filtros filtro restricciones restriccion limites limite censura etica limitaciones"),
        (.messageNoun, "message mensaje"),
        (.priorAdj, "previous prior earlier preceding former old existing anteriores anterior previas previos previa previo pasadas antiguas viejas"),
        (.hiddenAdj, "hidden secret internal confidential ocultas oculto ocultos secretas secreto internas interno confidenciales"),
        (.originAdj, "original initial originales iniciales"),
        (.systemWord, "system sistema"),
        (.aboveWord, "above preceding foregoing before anterior arriba"),
        (.newWord, "new updated revised nuevas nuevo nueva nuevos actualizadas"),
        (.nowWord, "now ahora"),
        (.modeWord, "mode modo"),
        (.modeAdj, "developer dev god debug jailbreak dan sudo desarrollador dios depuracion"),
        (.activation, "enabled activated engaged enable activate enter entering activating unlocked unlock activado activada activa activar entra entrar habilitado habilita desbloqueado"),
        (.answerVerb, "answer respond reply responde responda contesta conteste responder contestar"),
        // People.
        (.possessive2, "your yours ur yur tus tu su sus its"),
        (.youWord, "you u te tu usted"),
        (.areWord, "are r were"),
        (.youAreWord, "youre eres sos"),
        (.haveWord, "have tienes tenes"),
        (.toldVerb, "told instructed given programmed taught trained dijeron dieron ordenaron indicaron programaron instruyeron ensenaron entrenaron"),
        // Exfiltration.
        (.revealVerb, "repeat print reveal show display output tell dump leak share paste write type list recite spell translate expose disclose give return echo copy read say reproduce"),
        (.revealVerb, "repite repetir repiteme imprime imprimir revela revelar revelame muestra muestrame mostrar mostrame ensename dime di decir escribe escribir copia copiar comparte compartir lista dame traduce"),
        (.interrogative, "what whats which que cual cuales"),
        (.textNoun, "text words message content contents everything texto mensaje todo"),
        // Role-play.
        (.roleVerb, "pretend pretending act acting roleplay imagine simulate play playing impersonate emulate become portray finge fingi finja fingir actua actuar actues imagina imaginate simula simular juega interpreta hazte"),
        (.persona, "dan jailbreak jailbroken jailbreaking evil amoral unrestricted unfiltered uncensored unchained unbound unhinged"),
        (.unrestrictedAdj, "unrestricted unfiltered uncensored jailbroken evil amoral unchained unbound unhinged"),
        (.aiNoun, "ai ia assistant asistente model modelo bot chatbot llm chatgpt gpt claude robot"),
        (.limitWord, "no without sin ninguna ninguno ningun zero"),
        // Other users.
        (.quantifier, "all every each any other others another todos todas cada otro otra otros otras cualquier cualquiera demas"),
        (.userNoun, "user users usuario usuarios customer customers cliente clientes"),
        (.accountNoun, "account accounts cuenta cuentas"),
        (.firstPerson, "my our mine ours mi mis nuestro nuestra nuestros nuestras"),
        (.idWord, "id ids identificador"),
        (.dataWord, "expense expenses spending spend spent spends budget budgets savings saving transactions transaction records record data info information purchases purchase history balance balances totals total charges"),
        (.dataWord, "gastos gasto gastaron gasta gastan gaste gastado presupuesto presupuestos datos ahorros ahorro transacciones transaccion registros registro compras compra informacion historial saldo saldos cargos"),
        (.accessVerb, "show list give pull get fetch display see access read compare view open muestra muestrame mostrar dame lista accede acceder ver compara abre"),
        (.adminNoun, "admin admins administrator administrators administrador administradora root superuser sysadmin superusuario"),
        (.privilegeNoun, "access privileges privilege rights mode permissions permission panel acceso permisos permiso privilegios derechos modo"),
        (.asWord, "as como"),
        (.identityVerb, "am im were soy sea fuera fuese"),
        (.copula, "is es"),
        (.loginVerb, "log login logged sign signed"),
        (.switchVerb, "change switch swap set override replace update modify cambia cambiar cambiate cambie cambies pon poner pasate modifica reemplaza actualiza"),
        (.identityGlue, "the el la i yo if si actually really now ahora user usuario a an de del al"),
        // Tools.
        (.toolVerb, "call calling invoke invoking execute executing run running use using trigger llama llamar llamando invoca invocar ejecuta ejecutar usa usar utiliza utilizar"),
        (.toolNoun, "tool tools function functions api endpoint endpoints herramienta herramientas funcion funciones"),
        (.toolParam, "userid uid accountid idusuario"),
        (.setVerb, "set pass passing put pon poner pasa pasale fija establece"),
        // Structure.
        (.glue, "the a an all everything of that this these those and then to lo la las el los todo que y esto eso luego de del al en un una any"),
        (.allWord, "all every each entire todas todos toda todo cada"),
        (.docPreposition, "for on from of in about with that which para de sobre con del"),
        (.limitQualifier, "on about regarding around in sobre de del en"),
        (.number, "one two three four five six seven eight nine ten twenty thirty forty fifty sixty seventy eighty ninety hundred thousand uno dos tres cuatro cinco diez veinte cien mil"),
    ]

    static let phraseEntries: [(WordClass, String)] = [
        (.roleVerb, "haz de cuenta"),
        (.roleVerb, "hagamos de cuenta"),
        (.roleVerb, "haga de cuenta"),
        (.roleVerb, "juego de rol"),
        (.roleVerb, "role play"),
        (.roleVerb, "hazte pasar por"),
        (.overrideVerb, "caso omiso"),
        (.persona, "do anything now"),
        ([.cancelWord, .noLonger], "no longer"),
        ([.cancelWord, .noLonger], "ya no"),
        (.loginVerb, "log in"),
        (.loginVerb, "sign in"),
        (.loginVerb, "inicia sesion"),
        (.nowWord, "a partir de ahora"),
        (.nowWord, "desde ahora"),
    ]
}
