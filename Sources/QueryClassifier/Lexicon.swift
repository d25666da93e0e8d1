import Domain
import Tier2Compute

/// What a word can signal. A word may carry several tags ("gas" is fuel; "left" is budget state).
struct WordTags: OptionSet, Sendable, Hashable {
    let rawValue: UInt64

    static let filler = WordTags(rawValue: 1 << 0)
    static let spend = WordTags(rawValue: 1 << 1)
    static let budget = WordTags(rawValue: 1 << 2)
    static let budgetState = WordTags(rawValue: 1 << 3)
    static let save = WordTags(rawValue: 1 << 4)
    static let recent = WordTags(rawValue: 1 << 5)
    static let expenseNoun = WordTags(rawValue: 1 << 6)
    static let listVerb = WordTags(rawValue: 1 << 7)
    static let fuel = WordTags(rawValue: 1 << 8)
    static let economy = WordTags(rawValue: 1 << 9)
    static let gallonNoun = WordTags(rawValue: 1 << 10)
    static let fillup = WordTags(rawValue: 1 << 11)
    static let buyVerb = WordTags(rawValue: 1 << 12)
    static let stats = WordTags(rawValue: 1 << 13)
    static let price = WordTags(rawValue: 1 << 14)
    static let cost = WordTags(rawValue: 1 << 15)
    static let money = WordTags(rawValue: 1 << 16)
    static let distance = WordTags(rawValue: 1 << 17)
    static let drive = WordTags(rawValue: 1 << 18)
    static let duration = WordTags(rawValue: 1 << 19)
    static let convert = WordTags(rawValue: 1 << 20)
    static let split = WordTags(rawValue: 1 << 21)
    static let people = WordTags(rawValue: 1 << 22)
    static let each = WordTags(rawValue: 1 << 41)
    static let greeting = WordTags(rawValue: 1 << 23)
    static let thanks = WordTags(rawValue: 1 << 24)
    static let help = WordTags(rawValue: 1 << 25)
    static let judgement = WordTags(rawValue: 1 << 26)
    static let modal = WordTags(rawValue: 1 << 27)
    static let conditional = WordTags(rawValue: 1 << 28)
    static let question = WordTags(rawValue: 1 << 29)
    static let join = WordTags(rawValue: 1 << 30)
    static let smalltalkFiller = WordTags(rawValue: 1 << 31)
    static let speed = WordTags(rawValue: 1 << 32)
    static let billNoun = WordTags(rawValue: 1 << 33)
    static let spanish = WordTags(rawValue: 1 << 34)
    static let future = WordTags(rawValue: 1 << 35)
    static let personal = WordTags(rawValue: 1 << 36)
    static let perDay = WordTags(rawValue: 1 << 37)
    static let preposition = WordTags(rawValue: 1 << 38)
    static let travelTopic = WordTags(rawValue: 1 << 39)
    static let spendingTopic = WordTags(rawValue: 1 << 40)
    /// In the vocabulary by another table (a category, month, number or unit word).
    static let known = WordTags(rawValue: 1 << 42)
    /// May begin a period phrase ("last", "this", "since", "hoy", "october", …).
    static let periodStart = WordTags(rawValue: 1 << 43)
    /// Known, and content: left over, it makes the question more than a route gives ("except",
    /// "without", "wife", "user"). Never a spelling correction's target.
    static let content = WordTags(rawValue: 1 << 44)

    // Word classes the normaliser and the rules ask about, found with the same one lookup.
    /// A span of time ("week", "months"): content when no period takes it.
    static let span = WordTags(rawValue: 1 << 45)
    /// A computation's word ("split", "each", "how long"): a summary refuses it.
    static let computation = WordTags(rawValue: 1 << 46)
    /// A bill that is not a category ("dinner", "fees"): a summary refuses it.
    static let bill = WordTags(rawValue: 1 << 47)
    /// A need, a want, a boundary, a place ("after", "want", "park"): a summary refuses it.
    static let refusal = WordTags(rawValue: 1 << 48)
    /// What happened ("did", "spent"): a computation refuses it.
    static let past = WordTags(rawValue: 1 << 49)
    /// The user's own data ("my", "current", "usual"): a computation refuses it.
    static let data = WordTags(rawValue: 1 << 50)
    /// Begins a filler phrase or an idiom normalisation rewrites.
    static let phraseStart = WordTags(rawValue: 1 << 51)
    /// A number word ("fourteen", "trescientas").
    static let numberWord = WordTags(rawValue: 1 << 52)
    /// Shorthand normalisation expands ("u", "thx", "txns").
    static let shorthand = WordTags(rawValue: 1 << 53)
    /// A household's "we", "us", "our".
    static let firstPerson = WordTags(rawValue: 1 << 54)
    /// A month's name or abbreviation.
    static let month = WordTags(rawValue: 1 << 55)

    /// Can be (the start of) a unit: "miles", "l", "°".
    static let unit = WordTags(rawValue: 1 << 56)
    /// A category's word ("gas", "groceries"), or the first word of a two-word one ("eating out").
    static let category = WordTags(rawValue: 1 << 57)
    /// A word one of the summary's refusals looks at ("average", "of", "does", "voy", "add"): only
    /// these are compared letter by letter.
    static let summaryGuard = WordTags(rawValue: 1 << 58)

    /// The classes above: lookup aids, not meaning (two spellings differ in meaning only beyond them).
    static let classes: WordTags = [.span, .computation, .bill, .refusal, .past, .data, .phraseStart, .numberWord, .shorthand, .firstPerson, .month, .unit, .category, .summaryGuard]
}

/// The router's vocabulary, English and Spanish (folded: lowercase, no accents, no apostrophes).
///
/// Every word a tier 1 or 2 question may contain is listed here; a word that is not (and is not a
/// number, unit, category, month or place) makes the classifier escalate, because a question with
/// words the summary cannot account for is asking for more than the summary gives.
enum Lexicon {
    static let tags: [String: WordTags] = {
        var table: [String: WordTags] = [:]
        func add(_ tags: WordTags, _ words: String) {
            for word in words.split(whereSeparator: \.isWhitespace) { table[String(word), default: []].formUnion(tags) }
        }
        // Function words.
        add(.filler, """
            a an the it its this that these those is are am was were be been being do does did done doing have has had \
            having what whats how hows much many total totals overall in on at to for of from by with about over under \
            into per each during so far just only please pls plz tell let know see quick quickly currently current now \
            right up there here all any some again ok okay actually exactly roughly approximately approx around like \
            want wanna id ill ive howd lets look looks looking among whatll whatd whered hows category categories away stuff wiggle room llevo llevamos put anything gone \
            tan tall wide heavy weigh weighs calculate compute calcula calcular figure amongst between amount number sum figure breakdown sofar really altogether combined \
            im youre you your yours \
            can give get got getting kind type my mine myself we our ours us me i rv rvs motorhome camper \
            vehicle truck van car rig trailer fifth wheel trip trips entire whole full out as than then \
            even everything together been being times also still yet already need needed needs after before \
            gets get getting does averages keep keeping holding cruise cruising weighs weigh weighed cosas cosa \
            actually basically honestly tow car truck jeep toad boat against calendar count tally managed pana or \
            fijate decime contame pasame mira temp odometer says shows reads \
            add adds added adding until \
            categoria category grand damn heck
            """)
        add([.filler, .spanish], """
            el la los las un una unos unas de del al a en por para con sin que cual cuales como mi mis me yo tu tus \
            es son fue fueron he ha hemos han hay esta este esto eso estan estoy estamos voy va van hasta ahora favor lo le se nos nuestro \
            nuestra nuestros nuestras cuanto cuanta cuantos cuantas total dime dame muestra muestrame ver quiero \
            necesito saber o e cada tengo tenemos tiene veces vez todo todos categoria somos seremos antes despues \
            tuvimos tuve tuvo wise \
            necesitamos
            """)
        add(.travelTopic, """
            trip trips route routes ruta rutas viaje viajes itinerary weather clima campground campgrounds campsite             campsites park parks travel miles drive driving boondock boondocking
            """)
        add(.personal, "i im ive id me my mine myself we our ours us yo mi mis me nos nuestro nuestra nosotros")
        add(.question, "what whats how hows which where when who whom whose cual cuales cuando donde quien")
        add(.preposition, "from to between and de a entre y hasta desde")
        add(.join, "and also then plus y tambien luego ademas")
        add(.modal, "will would could can might may shall gonna podria podre puedo podemos")
        add(.future, "will gonna going next upcoming estimate estimated projected proximo proxima futuro future forecast")
        add(.conditional, "if si unless whether suppose supposing assuming")
        // Spanish future and conditional of the verbs a summary would answer in the past: a
        // forecast or a hypothetical ("¿cuánto ahorraremos?", "gastaría"), never a record.
        for verb in ["gastar", "ahorrar", "pagar", "costar", "cargar", "llenar", "manejar", "conducir", "recorrer", "tardar", "usar"] {
            for ending in ["e", "as", "a", "emos", "eis", "an"] { table[verb + ending, default: []].formUnion([.future, .known]) }
            for ending in ["ia", "ias", "iamos", "iais", "ian"] { table[verb + ending, default: []].formUnion([.conditional, .known]) }
        }
        // Words that restrict or redirect a question: a summary or formula cannot honour them.
        add(.content, """
            not no except excluding exclude excludes without besides \
            user users account accounts member members wife husband partner spouse daughter kids kid children mom \
            dad mother father brother sister friend neighbor neighbour boss employee customer client everyone everybody \
            someone somebody anyone anybody others else buddy pal mate percent percentage percentages porcentaje ratio fraction \
            proportion weekend weekends weekday weekdays night nights sin excepto salvo aparte esposa esposo pareja \
            hijo hija amigo amiga vecino persona usuario ago hace \
            she they him her them his hers their theirs ellos ellas su sus people persons person folks gente guys \
            friends amigos personas isnt arent wasnt werent dont doesnt didnt havent hasnt hadnt wont cant couldnt \
            shouldnt wouldnt set sets sort sorted \
            order ordered rank ranked ranking group grouped minus too start starting leave leaving depart arrive oclock \
            noon morning afternoon evening tonight lunch breakfast brunch cash card cards credit debit venmo paypal \
            cheque tarde noche gastaste gastaron pagaste pagaron home casa usa motorcycle double twice triple half \
            extra quid euros euro pesos peso tax taxes tip tips gratuity discount discounts coupon coupons interest \
            £ ¥ € ₹ ₱ ₩ ₽ ₺ ₴ ₦ ₿ ¢
            """)
        // Merchants and chains: where a purchase was made is no summary's dimension.
        add(.content, """
            costco walmart target kroger safeway albertsons publix heb meijer aldi lidl wholefoods traderjoes amazon \
            lowes homedepot cabelas basspro campingworld loves pilot flyingj shell chevron exxon mobil texaco sunoco \
            valero circlek wawa sheetz bucees speedway maverik koa starbucks mcdonalds subway dollartree dollargeneral \
            walgreens cvs ikea bestbuy oxxo soriana pemex chedraui
            """)

        // Tier 1 signals.
        add([.spend, .spendingTopic], """
            spend spent spending spendings spends expenditure expenditures outgoings paid pay paying \
            gaste gastamos gastado gastar gasto gastos blow blew outlay damage pague pagamos pagado
            """)
        add([.budget, .spendingTopic], "budget budgets budgeted budgeting presupuesto presupuestos")
        add(.budgetState, """
            over under within left remaining remain remains allowance status doing track stay stayed staying \
            limit limits exceed exceeded exceeding blown blew excedi queda quedan quedo restante sobrepase pase estado dentro overspent overspend bien \
            headroom situation tracking
            bajo encima
            """)
        add(.perDay, "daily day dia diario diaria")
        add([.save, .spendingTopic], """
            save saved saving savings balance stash stashed ahorro ahorros ahorre ahorrado ahorramos ahorrar aside \
            apartado apartar aparte apartamos
            """)
        add(.recent, "recent recently latest newest last ultimo ultimos ultima ultimas reciente recientes")
        add([.expenseNoun, .spendingTopic], """
            expenses expense transactions transaction purchases purchase charges charge payments payment receipts runs thing \
            receipt entries entry items item bills things gastos gasto compras compra movimientos movimiento cargos cargo \
            pagos pago tabs
            """)
        add(.listVerb, "list show display see view give get pull check lista listar muestra muestrame ensename ver revisa read pulling bring")
        add([.fuel, .travelTopic], "fuel gas gasoline diesel petrol gasolina combustible")
        add([.economy, .travelTopic], "mpg mileage economy efficiency efficient rendimiento consumo kilometraje")
        add(.gallonNoun, "gallons gallon gal gals galones galon")
        add([.fillup, .travelTopic], "fillups fillup fill fills filled refuel refuels refueled refueling tank tanks fueled cargas llenado fillup fillups")
        add(.buyVerb, "put buy bought purchase purchased pump pumped use used burn burned burnt compre cargue use consumi cargamos cargaste llenamos llene took guzzle guzzled guzzles cargado")
        add(.stats, "stats statistics summary numbers report estadisticas datos")
        add(.price, "price prices priced average avg mean precio precios promedio media")
        add(.cost, "run estimate estimated cost costs costing cuesta cuestan costara costaria costo coste costar")
        add(.money, "money dollars dollar bucks usd dinero dolares plata lana chavos")

        // Tier 2 signals.
        add([.distance, .travelTopic], "distance far apart distancia lejos")
        add([.drive, .travelTopic], """
            drive driving drove driven travel traveling travelling road ride go going cover covering manejar conducir \
            manejando manejo hice recorri ir irnos llegar heading head headed went log logged hicimos recorrimos \
            recorrer recorro
            manejamos anduvimos
            conduciendo viaje viajar recorrido trayecto journey
            """)
        add(.duration, "long time hours hour hrs hr duration take takes taking tiempo horas hora tarda tardo tardare dura eta")
        add(.speed, "speed going averaging average velocidad")
        add(.convert, "convert conversion converted converts equals equal equivalent convierte convertir conviertes son pasa pasame")
        add(.split, "split divide divided dividing splitting share shared sharing dividir divide divididos repartir reparte toca tocaria")
        add(.people, "people persons person ways friends guys folks personas amigos gente of")
        add(.each, "each cada apiece piece")
        add(.billNoun, "bill fee fees tab check dinner lunch meal cost costs total cuenta tarifa cena comida pago owe owed debemos")

        // Smalltalk.
        add(.greeting, "hi hello hey hola howdy greetings yo hiya heya buenos buenas dias tardes noches morning afternoon evening good oye ey bye goodbye byebye cya adios chao ciao farewell gday wassup sup partner")
        add(.thanks, "thanks thank thx ty gracias cheers appreciate appreciated ta obliged muchisimas")
        add(.help, "help ayuda ayudame commands questions ask")
        add(.smalltalkFiller, """
            there you so much very a lot what can do are how great ok okay cool awesome nice perfect again kinds kind of \
            with i ask bunch that helped helpful use work works app por favor ton tons helps see later night sweet \
            have day nice all now not know even amigo amiga friend buddy pal mate man dude bro guys able mil million
            que puedes hacer muchas mucho tu and for your the is this it me i que tal estas
            """)

        // Signals that a question needs judgement: planning, advice, comparison, explanation, open
        // knowledge, writing, search.
        add(.judgement, """
            why explain explanation explains plan plans planning planear planea planifica planificar itinerary \
            itinerario suggest suggestion suggestions sugiere sugerencia sugerencias recommend recommendation \
            recommendations recommended recomienda recomiendas recomendacion recomendaciones advice advise aconseja \
            consejo consejos tips tip should deberia deberiamos debo best mejor mejores worst peor cheapest cheaper \
            cheap barato barata baratos better compare compared comparison comparing versus vs compara comparar \
            improve improving mejorar reduce reducing reducir cut cutting lower lowering weather forecast clima \
            pronostico rain snow storm wind write escribe escribir draft post poem story joke jokes chiste funny \
            summarize summarise analyze analyse analysis analiza analizar predict prediction projection projected \
            trend trends tendencia pattern patterns unusual weird strange anomaly find encuentra encontrar busca \
            buscar search near nearby cerca route routes ruta rutas stops avoid avoids avoiding evita evitar \
            scenic pack packing empacar winterize winterizing fix broken stopped working idea ideas opinion think \
            thoughts options alternatives alternative strategy strategies worth vale pena enough afford risk safe \
            safety legal allowed rules most least highest lowest biggest largest smallest top more less increase \
            increased decrease decreased dropped rise rising higher high low lower visit places good great \
            boondock boondocking generator solar recipe recipes meals meal weekend tomorrow tonight manana \
            where which when who whom whose donde cuando quien porque bad normal decent reasonable terrible awful \
            fair typical
            """)
        // "left" and "good" also appear elsewhere; judgement wins only where listed here.
        add(.periodStart, """
            today hoy yesterday ayer ytd mtd ever lifetime siempre all since desde this current este esta estos estas \
            last previous prior past ultimo ultima ultimos ultimas pasado pasada pasados pasadas rest del til till \
            until through thru year ano yr month mes week semana wk in for during of en de durante
            """)
        // One lookup tells whether a word is in the vocabulary at all.
        for word in categories.keys { table[word, default: []].formUnion([.known, .category]) }
        for phrase in categoryPhrases.keys {
            if let first = phrase.split(separator: " ").first { table[String(first), default: []].insert(.category) }
        }
        for word in months.keys { table[word, default: []].formUnion([.known, .periodStart, .month]) }
        table["may", default: []].insert(.periodStart)
        for word in numberWords.keys { table[word, default: []].insert(.known) }
        for word in unitWords { table[word, default: []].formUnion([.known, .unit]) }
        // Words the extractors read in phrases: spans of periods, the parts of two-word categories.
        for word in Analysis.spanWords { table[word, default: []].insert(.known) }
        for word in ["day", "days", "dia", "dias"] { table[word, default: []].insert(.known) }
        func mark(_ tag: WordTags, _ words: some Sequence<String>) {
            for word in words { table[word, default: []].formUnion(tag) }
        }
        mark([.span, .known], Analysis.spanWords)
        mark(.computation, Classifier.computationWords)
        mark(.bill, Classifier.billWords)
        mark(.summaryGuard, Classifier.summaryGuardWords)
        mark(.refusal, Classifier.refusals)
        mark(.past, Classifier.pastWords)
        mark(.data, Classifier.dataWords)
        mark(.phraseStart, NormalizerVocabulary.fillerPhrases.keys)
        mark(.phraseStart, NormalizerVocabulary.idioms.keys)
        mark(.numberWord, NumberWords.table.keys)
        mark(.shorthand, NormalizerVocabulary.shorthand.keys)
        mark(.firstPerson, NormalizerVocabulary.firstPerson.keys)
        for phrase in categoryPhrases.keys {
            for word in phrase.split(separator: " ") { table[String(word), default: []].insert(.known) }
        }
        return table
    }()

    /// Categories and the words users use for them (CATALOG.md "Categories").
    static let categories: [String: Category] = {
        var table: [String: Category] = [:]
        func add(_ category: Category, _ words: String) {
            for word in words.split(whereSeparator: \.isWhitespace) { table[String(word)] = category }
        }
        add(.fuel, "fuel gas gasoline diesel petrol gasolina combustible nafta bencina carburante gasoil")
        add(.food, "food groceries grocery restaurants restaurant dining takeout comida supermercado restaurantes groceries despensa viveres mandado restaurante supermarket supermarkets takeaway takeaways tucker grub eats")
        add(.camping, "camping campgrounds campground campsites campsite campamento campamentos camp campings acampar")
        add(.maintenance, "maintenance repairs repair service servicing tires tire mantenimiento reparaciones reparacion llantas llanta neumaticos servicio upkeep mechanic mechanics")
        add(.shopping, "shopping gear supplies equipo suministros provisiones herramientas")
        add(.entertainment, "entertainment fun tours tour museums museum entretenimiento diversion museos museo excursiones paseos attractions attraction")
        add(.insurance, "insurance seguro seguros premiums premium")
        add(.other, "other misc miscellaneous otros otro")
        return table
    }()

    /// Two-word category names, tried before single words.
    static let categoryPhrases: [String: Category] = [
        "eating out": .food, "rv parks": .camping, "rv park": .camping, "site fees": .camping,
        "site fee": .camping, "camp sites": .camping, "camp site": .camping, "state parks": .camping,
        "fast food": .food, "comer fuera": .food, "caravan parks": .camping, "caravan park": .camping, "la compra": .food,
        "en compras": .shopping, "de compras": .shopping,
    ]

    /// Month names and abbreviations, English and Spanish. "may" is left out: it is a verb too
    /// (handled where a month is expected).
    static let months: [String: Int] = {
        var table: [String: Int] = [:]
        let english = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                       "october", "november", "december"]
        let spanish = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                       "octubre", "noviembre", "diciembre"]
        let short = ["jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        for m in 0..<12 {
            if english[m] != "may" { table[english[m]] = m + 1 }
            table[spanish[m]] = m + 1
            if !short[m].isEmpty { table[short[m]] = m + 1 }
        }
        table["sept"] = 9
        table["setiembre"] = 9
        return table
    }()

    /// Small numbers written as words.
    static let numberWords: [String: Double] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
        "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100, "couple": 2,
        "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
        "nueve": 9, "diez": 10, "doce": 12, "quince": 15, "veinte": 20, "treinta": 30,
        "sesenta": 60, "noventa": 90,
    ]

    static func tags(_ word: String) -> WordTags { tags[word] ?? [] }

    /// Every word `Analysis.unit(at:afterNumber:)` can read as (the start of) a unit: a quick
    /// filter before its long switch.
    static let unitWords: Set<String> = [
        "miles", "mile", "mi", "millas", "milla", "km", "kms", "kilometers", "kilometres", "kilometer", "kilometre",
        "kilometros", "kilometro", "kph", "kmh", "mph", "mpg", "l", "liters", "litres", "liter", "litre", "litros", "litro",
        "lt", "lts", "gallons", "gallon", "gal", "gals", "galones", "galon", "fahrenheit", "celsius", "centigrade",
        "centigrados", "f", "c", "degrees", "grados", "deg", "feet", "foot", "ft", "pies", "pie", "inches", "inch",
        "pulgadas", "pulgada", "meters", "metres", "meter", "metre", "metros", "metro", "m", "cm", "centimeters",
        "centimetres", "centimeter", "centimetre", "centimetros", "centimetro", "lbs", "lb", "pounds", "pound",
        "libras", "libra", "kg", "kgs", "kilograms", "kilogram", "kilos", "kilo", "kilogramos", "people", "persons",
        "person", "ways", "personas", "friends", "amigos", "adults", "travelers", "travellers", "rigs", "families", "couples",
        "campers", "buddies", "pals", "mates", "dollars", "dollar",
        "bucks", "usd", "dolares", "dolar",
    ]
}
