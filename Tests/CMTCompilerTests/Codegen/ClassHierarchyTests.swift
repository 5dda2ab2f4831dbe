import CMTBytecode
import CMTVM
import Testing

/// Run-time behaviour and gas of class hierarchies: `extends`, `super(…)`, `super.m()`, overriding
/// with dynamic dispatch, parameter properties, abstract classes and interfaces.
@Suite struct ClassHierarchyTests {
    static let vehicles = """
        abstract class Vehicle {
            constructor(public wheels: number, protected name: string) {}
            abstract kind(): string;
            describe(): string { return this.name + " is a " + this.kind() + " on " + this.wheels + " wheels"; }
            toll(): number { return this.wheels * 2; }
        }
        class Car extends Vehicle {
            seats: number = 4;
            constructor(name: string) { super(4, name); }
            kind(): string { return "car"; }
        }
        class Truck extends Vehicle {
            load: number;
            constructor(name: string, load: number) {
                super(6, name);
                this.load = load;
            }
            kind(): string { return "truck"; }
            toll(): number { return super.toll() + this.load; }
        }
        class Van extends Car {
            kind(): string { return "van"; }
        }
        """

    @Test("an overridden method runs the object's own class's implementation, through a base-typed value", arguments: [true, false])
    func dynamicDispatch(optimize: Bool) throws {
        let run = try runScript(Self.vehicles + """
            const fleet: Vehicle[] = [new Car("Ada"), new Truck("Bo", 10), new Van("Cy")];
            let total = 0;
            for (const v of fleet) {
                print(v.describe());
                total += v.toll();
            }
            print("toll " + total);
            const car: Car = new Van("Di");
            print(car.kind() + " " + car.seats);
            """, optimize: optimize)
        #expect(run.output == [
            "Ada is a car on 4 wheels", "Bo is a truck on 6 wheels", "Cy is a van on 4 wheels", "toll 38", "van 4",
        ])
    }

    @Test("constructors run base first: super(…), then parameter properties, then field initializers, then the body")
    func constructionOrder() throws {
        let run = try runScript("""
            class A {
                a: number = 1;
                constructor(public x: number) { print("A " + this.x + " " + this.a); }
            }
            class B extends A {
                b: number = this.a + 10;
                constructor(private y: number) {
                    print("before super");
                    super(y * 2);
                    print("B " + this.y + " " + this.b + " " + this.x);
                }
                total(): number { return this.x + this.y + this.a + this.b; }
            }
            class C extends B {}
            print(new C(3).total());
            """)
        #expect(run.output == ["before super", "A 6 1", "B 3 11 6", "21"])
    }

    @Test("an interface-typed value reads fields and calls methods of whichever class it holds")
    func interfaceDispatch() throws {
        let run = try runScript("""
            interface Priced {
                price: number;
                label(): string;
            }
            class Book implements Priced {
                title: string = "Dune";
                price: number = 12;
                label(): string { return "book " + this.title; }
            }
            class Fee {
                price: number = 3;
                label(): string { return "fee"; }
            }
            function describe(p: Priced): string { return p.label() + " " + p.price; }
            const items: Priced[] = [new Book(), new Fee()];
            for (const item of items) { print(describe(item)); }
            """)
        #expect(run.output == ["book Dune 12", "fee 3"])
    }

    @Test("a dispatched call costs the direct call plus a class test per class tried")
    func dispatchGas() throws {
        func gas(_ body: String) throws -> Int64 {
            try runScript("""
                class A { f(): number { return 1; } }
                class B extends A { f(): number { return 2; } }
                class Plain { f(): number { return 1; } }
                \(body)
                """).gasUsed
        }
        let direct = try gas("const p = new Plain(); let s = 0; for (let i = 0; i < 100; i++) { s += p.f(); } print(s);")
        let dispatched = try gas("const p: A = new A(); let s = 0; for (let i = 0; i < 100; i++) { s += p.f(); } print(s);")
        #expect(dispatched > direct)
        // At most a handful of extra instructions per call (classOf, a compare, moves): gas is bounded.
        #expect(dispatched - direct < 100 * 40)
    }

    @Test("a subclass instance stored in a base-typed state field loads back as its own class")
    func storedSubclassKeepsItsClass() throws {
        let contract = try DeployedContract("""
            class Shape { area(): number { return 0; } }
            class Square extends Shape {
                constructor(public side: number) { super(); }
                area(): number { return this.side * this.side; }
            }
            contract Shapes {
                current: Shape = new Shape();
                public function set(side: number) { this.current = new Square(side); }
                public function area(): number { return this.current.area(); }
            }
            """)
        #expect(contract.call("set", [.int(5)]).status == .returned(.null))
        #expect(contract.call("area").status == .returned(.int(25)))
    }

    @Test("an entry point taking a base class accepts an instance of a subclass, and no other class")
    func abiAcceptsSubclass() throws {
        let contract = try DeployedContract("""
            class Base { n: number = 0; }
            class Derived extends Base { m: number = 0; }
            class Other { n: number = 0; }
            contract C {
                public function take(b: Base): number { return b.n; }
            }
            """)
        let module = contract.program.module.module
        let derived = try #require(module.classes.firstIndex { $0.name == "Derived" })
        let other = try #require(module.classes.firstIndex { $0.name == "Other" })
        #expect(module.classes[derived].superclass != nil)
        #expect(contract.call("take", [.object(classIndex: UInt16(derived), fields: [.int(7), .int(1)])]).status == .returned(.int(7)))
        if case .returned = contract.call("take", [.object(classIndex: UInt16(other), fields: [.int(7)])]).status {
            Issue.record("an unrelated class was accepted")
        }
    }
}

extension ClassHierarchyTests {
    @Test("an arrow function's default parameter value is used when the argument is left out")
    func arrowDefault() throws {
        let run = try runScript("""
            const add = (a: number, b: number = 10): number => a + b;
            print(add(1) + add(1, 2));
            """)
        #expect(run.output == ["14"])
    }
}

extension ClassHierarchyTests {
    @Test("classOf of a value that is not an object traps typeMismatch")
    func classOfTrapsOnNonObjects() throws {
        var module = Module()
        module.functions = [Function(name: "main", parameterCount: 0, registerCount: 1, code: [
            Instruction(.loadI, 0, 7).encoded, Instruction(.intrinsic, 0, IntrinsicOperation.classOf.rawValue, 1).encoded,
            Instruction(.ret, 0).encoded,
        ])]
        module.entryPoints = [EntryPoint(name: "main", function: FunctionIndex(0), parameters: [], returnType: .any)]
        let program = Program(try Verifier.verify(module))
        let outcome = VM.call(program, entryPoint: "main", arguments: [], context: CallContext(contract: contractAddress, sender: caller),
                              host: InMemoryHost(), limits: ExecutionLimits(gasLimit: 10_000))
        guard case .trapped(let trap) = outcome.status, case .typeMismatch = trap.reason else {
            Issue.record("expected a typeMismatch trap, got \(outcome.status)")
            return
        }
    }
}

extension ClassHierarchyTests {
    @Test("a parameter property takes its default value, also through a subclass's inherited constructor")
    func parameterPropertyDefaults() throws {
        let run = try runScript("""
            class A {
                constructor(public x: number = 5, ...rest: number[]) {}
                show(): string { return "A" + this.x; }
            }
            class B extends A {}
            class C extends B {
                constructor() { super(7, 1, 2); }
                show(): string { return "C" + super.show(); }
            }
            interface Showable { show(): string; }
            const items: Showable[] = [new A(), new B(), new C(), new A(1)];
            for (const i of items) print(i.show());
            const maybe: A? = null;
            print(maybe?.show() ?? "none");
            """)
        #expect(run.output == ["A5", "A5", "CA7", "A1", "none"])
    }
}

extension ClassHierarchyTests {
    @Test("an override that takes fewer parameters, or more optional ones, is called with its own count")
    func overridesWithOtherParameterCounts() throws {
        let run = try runScript("""
            class Base { price(qty: number, rate: number): number { return qty * rate; } }
            class Flat extends Base { price(): number { return 10; } }
            class Tiered extends Base {
                price(qty: number, rate: number, bonus: number = 1): number { return qty * rate + bonus; }
            }
            const all: Base[] = [new Base(), new Flat(), new Tiered()];
            for (const b of all) print(b.price(2, 3));
            """)
        #expect(run.output == ["6", "10", "7"])
    }
}
