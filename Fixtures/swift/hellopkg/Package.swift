// swift-tools-version:5.9
// hellopkg — a tiny Swift package for `dbg debug` (build-and-debug a package) and
// `dbg test` (its test bundle).
// Not built by Fixtures/Makefile: `swift build` is slow. Build it with
// `swift build --package-path Fixtures/swift/hellopkg` when needed.
import PackageDescription

let package = Package(
    name: "hellopkg",
    targets: [
        .executableTarget(name: "hellopkg", path: "Sources/hellopkg"),
        // A second executable: `dbg debug` needs `--product` to choose.
        .executableTarget(name: "hellotool", path: "Sources/hellotool"),
        .testTarget(name: "hellopkgTests", dependencies: ["hellopkg"], path: "Tests/hellopkgTests"),
    ]
)
