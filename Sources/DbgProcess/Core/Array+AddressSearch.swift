extension Array {
    /// In an array sorted by start address of ranges that do not overlap (a core's segments,
    /// its mapped files), the element that holds `address`, by binary search.
    func element(holding address: UInt64, start: (Element) -> UInt64, contains: (Element, UInt64) -> Bool) -> Element? {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if start(self[middle]) <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0, contains(self[low - 1], address) else { return nil }
        return self[low - 1]
    }
}
