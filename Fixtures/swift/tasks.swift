// tasks.swift — Swift concurrency: async main, a task group, child tasks.
//
// Exercises: async functions and their (logical) async call stacks, several
// child tasks in a TaskGroup suspended in Task.sleep at the same time, and
// results collected from the group. Good breakpoints: fetch(id:) (hit by
// every child task), Main.main, sumAll(ids:).
//
// Prints the results in order and their sum; exits 0. Built with
// -parse-as-library because of @main.

func fetch(id: Int) async -> Int {
    let delay = UInt64(10 + id) * 1_000_000      // 11..15 ms
    try? await Task.sleep(nanoseconds: delay)
    let value = id * id + 1
    return value
}

func sumAll(ids: [Int]) async -> [Int: Int] {
    await withTaskGroup(of: (Int, Int).self) { group in
        for id in ids {
            group.addTask {
                let v = await fetch(id: id)
                return (id, v)
            }
        }
        var results: [Int: Int] = [:]
        for await (id, v) in group {
            results[id] = v
        }
        return results
    }
}

@main
struct Main {
    static func main() async {
        let ids = [1, 2, 3, 4, 5]
        let results = await sumAll(ids: ids)
        for id in ids {
            print("fetch(id: \(id)) = \(results[id]!)")
        }
        print("sum = \(results.values.reduce(0, +))")
    }
}
