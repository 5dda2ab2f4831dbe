import CMTBuild
import CMTBundle
import CMTBytecode
import CMTCompiler
import CMTSource
import CMTVM
import Foundation
import Testing

/// A dependency's contract imported by name (`import { Token } from "token"`): a handle type whose
/// calls are checked against the dependency's ABI, compiled to calls of the deployed contract.
@Suite("contracts of dependencies")
struct DependencyContractTests {
    static let token = """
        contract Token {
            balances: Map<address, number> = {};
            public function mint(to: address, amount: number): number {
                const total = (balances.get(to) ?? 0) + amount;
                require(total <= 1000, "cap exceeded");
                balances.set(to, total);
                return total;
            }
            public function balanceOf(who: address): number {
                return balances.get(who) ?? 0;
            }
            /// Mints one token per CMT sent with the call.
            public function buy(to: address): number {
                return mint(to, msg.value);
            }
        }
        """

    static func shop(_ body: String) -> String {
        """
        import { Token } from "token";

        contract Shop {
            token: Token;
            constructor(token: Token) {
                this.token = token;
            }
        \(body)
        }
        """
    }

    static func workspace(shop: String) throws -> String {
        try TestProject.make([
            "app/cmt.toml": DependencyManifestTests.manifest("app", contract: "Shop", dependencies: "token = \"../token\"\n"),
            "app/src/shop.cmt": shop,
            "token/cmt.toml": DependencyManifestTests.manifest("token", contract: "Token"),
            "token/src/token.cmt": Self.token,
        ])
    }

    static func compile(_ folder: String) -> (ProgramCompiler.Result, String) {
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [folder], sources: sources)
        return (result, DiagnosticRenderer(sources: sources).render(result.diagnostics))
    }

    @Test("calls on a dependency's contract are checked against its ABI")
    func callsAreChecked() throws {
        let root = try Self.workspace(shop: Self.shop("""
                public function bad(): number {
                    return token.mint(msg.sender, "ten") + token.burn(1);
                }
            """))
        let (result, text) = Self.compile(root + "/app")
        #expect(result.compiled == nil)
        #expect(result.diagnostics.map(\.code) == ["E0204", "E0202"], "\(text)")
    }

    @Test("the program's contract stays the one deployed; the dependency's is only a handle type")
    func abiIsTheOwnContract() throws {
        let root = try Self.workspace(shop: Self.shop("""
                public function buy(amount: number): number {
                    return token.mint(msg.sender, amount);
                }
            """))
        let (result, text) = Self.compile(root + "/app")
        let compiled = try #require(result.compiled, "\(text)")
        #expect(compiled.contractName == "Shop")
        #expect(compiled.module.entryPoints.map(\.name).sorted() == ["buy", "constructor"])
    }

    @Test("a call into the dependency runs its own program with its own storage; try/catch catches its revert")
    func runsAcrossPrograms() throws {
        let root = try Self.workspace(shop: Self.shop("""
                public function buy(amount: number): string {
                    try {
                        const total = token.mint(msg.sender, amount);
                        return `minted, now ${total}`;
                    } catch (reason) {
                        return `refused: ${reason}`;
                    }
                }
            """))
        let (shopResult, shopText) = Self.compile(root + "/app")
        let shop = try #require(shopResult.compiled, "\(shopText)")
        let (tokenResult, _) = Self.compile(root + "/token")
        let token = try #require(tokenResult.compiled)
        let host = InMemoryHost()
        let shopProgram = Program(try Verifier.verify(shop.module))
        let tokenProgram = Program(try Verifier.verify(token.module))
        let shopAddress = Address.named("shop")
        let tokenAddress = Address.named("token")
        let buyer = Address.named("buyer")
        host.deploy(tokenProgram, at: tokenAddress)
        host.deploy(shopProgram, at: shopAddress)
        _ = VM.deploy(tokenProgram, arguments: [], context: CallContext(contract: tokenAddress, sender: buyer), host: host,
                      limits: ExecutionLimits(gasLimit: 1_000_000))
        let deployed = VM.deploy(shopProgram, arguments: [.address(tokenAddress)], context: CallContext(contract: shopAddress, sender: buyer),
                                 host: host, limits: ExecutionLimits(gasLimit: 1_000_000))
        #expect(deployed.status == .returned(.null))
        func buy(_ amount: Int64) -> CallOutcome {
            VM.call(shopProgram, entryPoint: "buy", arguments: [.int(amount)], context: CallContext(contract: shopAddress, sender: buyer),
                    host: host, limits: ExecutionLimits(gasLimit: 1_000_000))
        }
        #expect(buy(600).status == .returned(.string("minted, now 600")))
        #expect(buy(600).status == .returned(.string("refused: cap exceeded")))
        // The buyer (msg.sender of the shop's call) holds what the first mint gave; the refused one changed nothing.
        let balance = VM.call(tokenProgram, entryPoint: "balanceOf", arguments: [.address(buyer)],
                              context: CallContext(contract: tokenAddress, sender: buyer), host: host, limits: ExecutionLimits(gasLimit: 1_000_000))
        #expect(balance.status == .returned(.int(600)))
    }

    @Test("a call into the dependency's contract forwards CMT with it; a refused call sends it back")
    func forwardsValue() throws {
        let root = try Self.workspace(shop: Self.shop("""
                public function buyFor(amount: number): number {
                    return token.buy{ value: amount }(msg.sender);
                }
            """))
        let (shopResult, shopText) = Self.compile(root + "/app")
        let shop = try #require(shopResult.compiled, "\(shopText)")
        let (tokenResult, _) = Self.compile(root + "/token")
        let token = try #require(tokenResult.compiled)
        let host = InMemoryHost()
        let shopProgram = Program(try Verifier.verify(shop.module))
        let tokenProgram = Program(try Verifier.verify(token.module))
        let shopAddress = Address.named("shop")
        let tokenAddress = Address.named("token")
        let buyer = Address.named("buyer")
        host.deploy(tokenProgram, at: tokenAddress)
        host.deploy(shopProgram, at: shopAddress)
        _ = VM.deploy(tokenProgram, arguments: [], context: CallContext(contract: tokenAddress, sender: buyer), host: host,
                      limits: ExecutionLimits(gasLimit: 1_000_000))
        _ = VM.deploy(shopProgram, arguments: [.address(tokenAddress)], context: CallContext(contract: shopAddress, sender: buyer), host: host,
                      limits: ExecutionLimits(gasLimit: 1_000_000))
        host.setBalance(Decimal18(2000), for: shopAddress)
        func buy(_ amount: Int64) -> CallOutcome {
            VM.call(shopProgram, entryPoint: "buyFor", arguments: [.int(amount)], context: CallContext(contract: shopAddress, sender: buyer),
                    host: host, limits: ExecutionLimits(gasLimit: 1_000_000))
        }
        #expect(buy(600).status == .returned(.int(600)))
        #expect(host.balance(of: tokenAddress) == Decimal18(600) && host.balance(of: shopAddress) == Decimal18(1400))
        // Over the token's cap: the token reverts, the shop with it, and the CMT goes back.
        #expect(buy(600).status == .reverted(reason: "cap exceeded"))
        #expect(host.balance(of: tokenAddress) == Decimal18(600) && host.balance(of: shopAddress) == Decimal18(1400))
    }

    @Test("a dependency that does not compile cannot be imported (E0837)")
    func brokenDependency() throws {
        let root = try TestProject.make([
            "app/cmt.toml": DependencyManifestTests.manifest("app", contract: "Shop", dependencies: "token = \"../token\"\n"),
            "app/src/shop.cmt": Self.shop("    public function ping(): number { return 1; }"),
            "token/cmt.toml": DependencyManifestTests.manifest("token", contract: "Token"),
            "token/src/token.cmt": "contract Token {\n    public function mint(): number { return missing; }\n}\n",
        ])
        let (result, text) = Self.compile(root + "/app")
        #expect(result.compiled == nil)
        #expect(result.diagnostics.first?.code == "E0837", "\(text)")
        #expect(text.contains("it does not compile: E0200"), "\(text)")
    }

    @Test("an unknown dependency name and a name the dependency does not export are errors")
    func unknownNames() throws {
        let root = try Self.workspace(shop: """
            import { Tokens } from "token";
            import { X } from "tokens";

            contract Shop {
                public function ping(): number { return 1; }
            }
            """)
        let (result, text) = Self.compile(root + "/app")
        #expect(result.diagnostics.map(\.code) == ["E0321", "E0326"], "\(text)")
    }
}

/// What a bundle's ABI lists in a program of modules: exported classes and those the contract's
/// entry points reach, not helper classes of one file.
@Suite("ABI of a program of modules")
struct ModuleABITests {
    @Test("exported names, not the layout of files, decide the ABI's classes")
    func abiClasses() throws {
        let root = try TestProject.make([
            "cmt.toml": DependencyManifestTests.manifest("shop", contract: "Shop"),
            "src/shop.cmt": """
                import { Line, describe } from "./model";

                contract Shop {
                    public function add(line: Line): string {
                        return describe(line);
                    }
                }
                """,
            "src/model.cmt": """
                export class Line {
                    sku: string = "";
                    detail: Detail = new Detail();
                }
                class Detail {
                    note: string = "";
                }
                class Cache {
                    hits: number = 0;
                }
                export class Receipt {
                    total: number = 0;
                }
                export function describe(line: Line): string {
                    const cache = new Cache();
                    cache.hits += 1;
                    return line.sku + line.detail.note + cache.hits;
                }
                """,
        ])
        let sources = SourceManager()
        let result = ProgramCompiler.compile(paths: [root], sources: sources)
        let compiled = try #require(result.compiled, "\(DiagnosticRenderer(sources: sources).render(result.diagnostics))")
        let abi = ABI.json(module: compiled.module, checked: compiled.checked)
        let names = abi["classes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(names.sorted() == ["Detail", "Line", "Receipt"])
        #expect(compiled.module.classes.map(\.name).sorted() == ["Cache", "Detail", "Line", "Receipt"])
    }
}
