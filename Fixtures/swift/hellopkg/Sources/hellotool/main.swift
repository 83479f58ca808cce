// hellotool — hellopkg's second executable, so that `dbg debug` must be told which one
// (`--product hellotool`). Good breakpoint: shout(_:).

func shout(_ word: String) -> String {
    let loud = word.uppercased() + "!"
    print(loud)
    return loud
}

_ = shout("tool")
