import Domain

/// Periods as people say them (CATALOG.md "Dates and periods"), English and Spanish.
extension Analysis {
    private static let this: [String] = ["this", "current", "este", "esta", "estos", "estas"]
    private static let last: [String] = ["last", "previous", "prior", "ultimo", "ultima", "ultimos", "ultimas", "pasado", "pasada"]
    private static let past: [String] = ["past", "previous", "ultimos", "ultimas", "pasados", "pasadas"]
    private static let week: [String] = ["week", "semana", "wk"]
    private static let month: [String] = ["month", "mes"]
    private static let year: [String] = ["year", "ano", "yr"]
    private static let pastAfter: [String] = ["pasado", "pasada", "anterior"]
    private static let monthPrepositions: [String] = ["in", "for", "during", "of", "since", "en", "de", "durante", "desde", "through"]

    enum Span { case days, weeks, months, years }

    private func span(_ i: Int) -> Span? {
        guard let w = word(i) else { return nil }
        switch w {
        case "day", "days", "dia", "dias": return .days
        case "week", "weeks", "semana", "semanas", "wks": return .weeks
        case "month", "months", "mes", "meses": return .months
        case "year", "years", "ano", "anos", "yrs": return .years
        default: return nil
        }
    }

    private func yearNumber(_ i: Int) -> Int? {
        guard i < count, !used[i], tokens[i].kind == .number, !isSymbol(i - 1, "$") else { return nil }
        let v = tokens[i].number
        guard v == v.rounded(), v >= 1900, v <= 2100, tokens[i].text.count == 4 else { return nil }
        // "for 2000 miles", "2000 lbs": a quantity, not a year.
        if unit(at: i + 1, afterNumber: true) != nil { return nil }
        return Int(v)
    }

    /// An ISO date spread over tokens "2026", "-", "01", "-", "31".
    private func isoDate(_ i: Int) -> Day? {
        guard i + 4 < count, tokens[i].kind == .number, tokens[i].text.count == 4,
            isSymbol(i + 1, "-"), tokens[i + 2].kind == .number, isSymbol(i + 3, "-"), tokens[i + 4].kind == .number,
            tokens[i + 2].attached, tokens[i + 4].attached, tokens[i + 2].text.utf8.count <= 2,
            tokens[i + 4].text.utf8.count <= 2, tokens[i].number == tokens[i].number.rounded()
        else { return nil }
        return Day(year: Int(tokens[i].number), month: Int(tokens[i + 2].number), day: Int(tokens[i + 4].number))
    }

    /// Finds every period phrase, marks it used, and records it. More than one period (a
    /// comparison) is left for the decision to refuse.
    mutating func extractPeriods() {
        var i = 0
        while i < count {
            if let (period, length) = period(at: i) {
                periods.append(period)
                periodWords.append(tokens[i..<(i + length)].map(\.original).joined(separator: " "))
                use(i..<(i + length))
                i += length
            } else {
                i += 1
            }
        }
    }

    private func period(at i: Int) -> (Period, Int)? {
        guard !used[i], tokens[i].kind == .number || tags[i].contains(.periodStart) else { return nil }
        if let day = isoDate(i) {
            // "from 2026-01-01 to 2026-01-31" / "between … and …"
            if isWord(i + 5, ["to", "and", "through", "until", "a", "al", "y", "hasta"]), let end = isoDate(i + 6) {
                return (.between(day, end), 11)
            }
            return (.between(day, day), 5)
        }
        guard let w = word(i) else { return nil }
        switch w {
        case "today", "hoy": return (.today, 1)
        case "yesterday", "ayer": return (.yesterday, 1)
        case "ytd": return (.thisYear, 1)
        case "mtd": return (.thisMonth, 1)
        case "ever", "lifetime", "siempre": return (.allTime, 1)
        default: break
        }
        // "all time", "all-time", "since the beginning", "in total" is left as filler.
        if w == "all", isWord(i + 1, ["time"]) { return (.allTime, 2) }
        if w == "all", isSymbol(i + 1, "-"), isWord(i + 2, ["time"]) { return (.allTime, 3) }
        if w == "since", isWord(i + 1, ["the"]), isWord(i + 2, ["beginning", "start"]) { return (.allTime, 3) }
        if w == "since", isWord(i + 1, ["i", "we"]), isWord(i + 2, ["started", "began", "joined"]) { return (.allTime, 3) }
        // "since the beginning of this month", "since the start of the year", "since the first of the month".
        if w == "since" || w == "desde", isWord(i + 1, ["the", "el", "principio", "inicio"]) {
            var j = i + 1
            if isWord(j, ["the", "el"]) { j += 1 }
            if isWord(j, ["beginning", "start", "first", "principio", "inicio", "comienzo"]), isWord(j + 1, ["of", "de", "del"]) {
                var k = j + 2
                if isWord(k, ["this", "the", "este", "esta", "la", "el"]) { k += 1 }
                if isWord(k, Self.month) { return (.thisMonth, k + 1 - i) }
                if isWord(k, Self.year) { return (.thisYear, k + 1 - i) }
                if isWord(k, Self.week) { return (.thisWeek, k + 1 - i) }
            }
        }
        // "past fortnight", "last fortnight": fourteen days.
        if Self.last.containsWord(w) || Self.past.containsWord(w), isWord(i + 1, ["fortnight"]) { return (.lastDays(14), 2) }
        // "since the 1st" / "since the first": this month.
        if w == "since", isWord(i + 1, ["the"]) {
            if isWord(i + 2, ["first"]) { return (.thisMonth, 3) }
            if i + 3 < count, tokens[i + 2].kind == .number, tokens[i + 2].number == 1, isWord(i + 3, ["st"]) {
                return (.thisMonth, 4)
            }
        }
        // "til month end", "until the end of the month", "through end of month": this month.
        if ["til", "till", "until", "through", "thru"].containsWord(w) {
            var j = i + 1
            if isWord(j, ["the"]) { j += 1 }
            if isWord(j, Self.month), isWord(j + 1, ["end"]) { return (.thisMonth, j + 2 - i) }
            if isWord(j, ["end"]), isWord(j + 1, ["of"]) {
                var k = j + 2
                if isWord(k, ["the", "this"]) { k += 1 }
                if isWord(k, Self.month) { return (.thisMonth, k + 1 - i) }
            }
        }
        // "year to date", "month to date", "week to date"
        if isWord(i + 1, ["to"]), isWord(i + 2, ["date"]) {
            if Self.year.containsWord(w) { return (.thisYear, 3) }
            if Self.month.containsWord(w) { return (.thisMonth, 3) }
            if Self.week.containsWord(w) { return (.thisWeek, 3) }
        }
        // "the month of July", "el mes de julio": the month.
        if Self.month.containsWord(w), isWord(i + 1, ["of", "de"]), let m = monthName(i + 2, afterPreposition: true) {
            if let y = yearNumber(i + 3) { return (.monthOfYear(month: m, year: y), 4) }
            if isWord(i + 3, ["de", "of"]), let y = yearNumber(i + 4) { return (.monthOfYear(month: m, year: y), 5) }
            return (.month(m), 3)
        }
        // "for the month", "for the year so far", "so far this year" is read below: this one.
        if w == "for" || w == "in", isWord(i + 1, ["the"]), !isWord(i + 3, ["of", "before", "after", "ahead"]) {
            if isWord(i + 2, Self.week) { return (.thisWeek, 3) }
            if isWord(i + 2, Self.month) { return (.thisMonth, 3) }
            if isWord(i + 2, Self.year) { return (.thisYear, 3) }
        }
        // "this week / month / year", "este mes", "esta semana"
        if Self.this.containsWord(w) {
            if isWord(i + 1, Self.week) { return (.thisWeek, 2) }
            if isWord(i + 1, Self.month) { return (.thisMonth, 2) }
            if isWord(i + 1, Self.year) { return (.thisYear, 2) }
        }
        // "rest of the month" (a budget allowance question): this month.
        if w == "rest", isWord(i + 1, ["of"]), isWord(i + 2, ["the", "this"]), isWord(i + 3, Self.month) {
            return (.thisMonth, 4)
        }
        if w == "rest", isWord(i + 1, ["of"]), let m = monthName(i + 2, afterPreposition: true) { return (.month(m), 3) }
        // "gastos del mes": this month (but "del mes pasado" is read at "mes").
        if w == "del", isWord(i + 1, Self.month), !isWord(i + 2, Self.pastAfter) { return (.thisMonth, 2) }
        // "la semana pasada", "el mes pasado", "el año pasado"
        if isWord(i + 1, Self.pastAfter) {
            if Self.week.containsWord(w) { return (.lastWeek, 2) }
            if Self.month.containsWord(w) { return (.lastMonth, 2) }
            if Self.year.containsWord(w) { return (.lastYear, 2) }
        }
        // "last/past N days", "los últimos 30 días", "the past couple of weeks"
        if Self.last.containsWord(w) || Self.past.containsWord(w) {
            var j = i + 1
            if isWord(j, ["couple"]) && isWord(j + 1, ["of"]) {
                if let s = span(j + 2) { return (Self.rolling(2, s), 4) }
            }
            if let n = number(j), n == n.rounded(), n >= 1, n <= 3660 {
                j += 1
                if let s = span(j) { return (Self.rolling(Int(n), s), j - i + 1) }
            }
            // "last week" is the calendar week before; "past week" is the last 7 days.
            let rolling = Self.past.containsWord(w) && !Self.last.containsWord(w)
            if isWord(i + 1, Self.week) { return (rolling ? .lastWeeks(1) : .lastWeek, 2) }
            if isWord(i + 1, Self.month) { return (rolling ? .lastMonths(1) : .lastMonth, 2) }
            if isWord(i + 1, Self.year) { return (rolling ? .lastMonths(12) : .lastYear, 2) }
        }
        // "since March", "desde marzo"
        if w == "since" || w == "desde", let m = monthName(i + 1, afterPreposition: true) {
            return (.sinceMonth(m), 2)
        }
        // "October", "March 2025", "marzo de 2025", "in May", "2025"
        // "last February": the latest February (as a bare month name).
        if Self.last.containsWord(w), let m = monthName(i + 1, afterPreposition: true) { return (.month(m), 2) }
        if let m = monthName(i, afterPreposition: isWord(i - 1, Self.monthPrepositions)) {
            if let y = yearNumber(i + 1) { return (.monthOfYear(month: m, year: y), 2) }
            // "Oct '25": a two-digit year.
            if i + 1 < count, tokens[i + 1].kind == .number, tokens[i + 1].text.utf8.count == 2, !used[i + 1],
                tokens[i + 1].original.utf8.count == 2, unit(at: i + 2, afterNumber: true) == nil,
                tokens[i + 1].number == tokens[i + 1].number.rounded(), (0...99).contains(Int(tokens[i + 1].number)),
                i + 2 == count || !(isWord(i + 2, ["days", "weeks", "months", "years"]))
            {
                return (.monthOfYear(month: m, year: 2000 + Int(tokens[i + 1].number)), 2)
            }
            // "February of last year", "febrero del año pasado"
            if isWord(i + 1, ["of", "del", "de"]), isWord(i + 2, ["last", "previous"]), isWord(i + 3, Self.year) {
                return (.monthOfLastYear(m), 4)
            }
            if isWord(i + 1, ["del", "de"]), isWord(i + 2, Self.year), isWord(i + 3, Self.pastAfter) {
                return (.monthOfLastYear(m), 4)
            }
            // "June last year", "junio del año pasado" without "of".
            if isWord(i + 1, ["last", "previous"]), isWord(i + 2, Self.year) { return (.monthOfLastYear(m), 3) }
            if isWord(i + 1, ["de", "of"]), let y = yearNumber(i + 2) { return (.monthOfYear(month: m, year: y), 3) }
            return (.month(m), 1)
        }
        return nil
    }

    /// "in 2025": a bare year after a preposition. Run after the other period phrases.
    mutating func extractYears() {
        // "en el 2025": an article between the preposition and the year. "since 2025" is not the
        // year 2025: it is left for the decision to refuse.
        for i in 0..<count where tokens[i].kind == .number && !used[i]
            && (isWord(i - 1, Self.monthPrepositions) || isWord(i - 1, ["el"]) && isWord(i - 2, Self.monthPrepositions))
            && !isWord(i - 1, ["since", "desde"])
        {
            if let y = yearNumber(i) {
                periods.append(.year(y))
                periodWords.append(tokens[i].original)
                use(i..<(i + 1))
            }
        }
    }

    private func monthName(_ i: Int, afterPreposition: Bool) -> Int? {
        guard let w = word(i), !used[i] else { return nil }
        if w == "may" { return afterPreposition || yearNumber(i + 1) != nil ? 5 : nil }
        // "mar" and "sep" are words too; take abbreviations only where a month is expected.
        // ("nov." with its dot is one, wherever it is.)
        // Abbreviations that are nothing else ("oct", "nov") are months anywhere: "budget nov".
        if w.count <= 4, !["june", "july", "sept", "jan", "feb", "apr", "jun", "jul", "aug", "oct", "nov", "dec"].containsWord(w),
            !afterPreposition, yearNumber(i + 1) == nil, !(isSymbol(i + 1, ".") && tokens[i + 1].attached)
        {
            return nil
        }
        return Lexicon.months[w]
    }

    private static func rolling(_ n: Int, _ span: Span) -> Period {
        switch span {
        case .days: return .lastDays(n)
        case .weeks: return .lastWeeks(n)
        case .months: return .lastMonths(n)
        case .years: return .lastMonths(12 * n)
        }
    }
}
