extension API.GoroutineFilter {
    /// A goroutine field by Delve's word for it (`-with userloc main.`, `-group label k`).
    public static func field(_ word: String) -> API.GoroutineField? {
        switch word {
        case "curloc": .currentLoc
        case "userloc": .userLoc
        case "goloc": .goLoc
        case "startloc": .startLoc
        case "label": .label
        case "running": .running
        case "user": .user
        default: nil
        }
    }

    /// Whether a filter on `kind` takes an argument (a location's text, a label).
    public static func takesArgument(_ kind: API.GoroutineField) -> Bool {
        switch kind {
        case .currentLoc, .userLoc, .goLoc, .startLoc, .label: true
        default: false
        }
    }

    /// The filters of Delve's goroutine flags (`-with KIND [ARG]`, `-without KIND [ARG]`, and
    /// the short `-w`, `-wo`), as dlv dap's goroutineFilters setting writes them.
    public static func parse(_ words: [String]) throws(ServiceError) -> [API.GoroutineFilter] {
        var filters: [API.GoroutineFilter] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            guard ["-with", "-w", "-without", "-wo"].contains(word) else {
                throw ServiceError("'\(word)': goroutine filters are -with KIND [ARG] and -without KIND [ARG]", kind: .badInput)
            }
            guard index + 1 < words.count, let kind = field(words[index + 1]) else {
                throw ServiceError("\(word) needs one of: curloc, userloc, goloc, startloc, label, running, user", kind: .badInput)
            }
            var filter = API.GoroutineFilter(kind: kind, negated: word == "-without" || word == "-wo")
            index += 2
            if takesArgument(kind) {
                guard index < words.count else { throw ServiceError("\(word) \(words[index - 1]) needs an argument", kind: .badInput) }
                filter.arg = words[index]
                index += 1
            }
            filters.append(filter)
        }
        return filters
    }
}
