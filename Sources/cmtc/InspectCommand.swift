import ArgumentParser
import CMTBuild
import CMTBundle
import Foundation

/// `cmtc inspect FILE.sbc`: verifies a bundle and lists its parts, sizes, hashes and ABI.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Verify a .sbc bundle and list its parts, hashes and ABI.",
        discussion: """
            Every part is checked against the SHA-256 that index.json lists, the archive against its canonical form, \
            the bytecode with the verifier, and the rule networks and process definitions by decoding them. Exit \
            status: 0 when the bundle is intact, 1 when anything is wrong, 2 on a usage error.
            """
    )

    @Argument(help: "The bundle to inspect.")
    var path: String

    func run() throws {
        let bundle = try BundleFile.read(path)
        print(BundleReport.text(bundle, path: path), terminator: "")
    }
}
