// manytasks.swift — ten thousand Swift tasks parked on continuations.
//
// Exercises: listing many tasks (`tasks` must stay fast with 10,000 of them: dbg finds them
// by scanning the program's memory), their wait (a continuation) and where each resumes.
// Good breakpoint: allParked(_:), called once every task has parked its continuation; then
// they are released and the program exits.
//
// Prints "parked 10000 tasks" and "released 10000, sum ..."; exits 0. Built with
// -parse-as-library because of @main.

import Glibc

let count = 10_000

/// Continuations parked by the tasks, resumed all at once.
final class Parking: @unchecked Sendable {
    // @unchecked: every access holds `mutex`.
    private var mutex = pthread_mutex_t()
    private var parked: [CheckedContinuation<Int, Never>] = []

    init() { pthread_mutex_init(&mutex, nil) }

    func park(_ continuation: CheckedContinuation<Int, Never>) {
        pthread_mutex_lock(&mutex)
        parked.append(continuation)
        pthread_mutex_unlock(&mutex)
    }

    var count: Int {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return parked.count
    }

    func releaseAll() {
        pthread_mutex_lock(&mutex)
        let all = parked
        parked = []
        pthread_mutex_unlock(&mutex)
        for (index, continuation) in all.enumerated() { continuation.resume(returning: index) }
    }
}

let parking = Parking()

func waitInLine(_ id: Int) async -> Int {
    let turn = await withCheckedContinuation { parking.park($0) }   // parked here
    return id + turn
}

/// The breakpoint target: every task is parked right now.
func allParked(_ parked: Int) -> Int {
    parked
}

@main
struct Main {
    static func main() async {
        let tasks = (0..<count).map { id in Task { await waitInLine(id) } }
        while parking.count < count { try? await Task.sleep(nanoseconds: 1_000_000) }
        print("parked \(allParked(parking.count)) tasks")
        parking.releaseAll()
        var sum = 0
        for task in tasks { sum += await task.value }
        print("released \(tasks.count), sum \(sum)")
    }
}
