import CMTCompiler
import Testing

/// Static checking of class hierarchies and interfaces: assignability, overriding, access,
/// abstract classes, `super`, with TypeScript's rules.
@Suite("Class hierarchy checks")
struct ClassHierarchyCheckTests {
    func codes(_ text: String) -> [String] {
        Frontend.check(text: text).0.diagnostics.map(\.code)
    }

    static let animals = """
        class Animal {
            constructor(public name: string) {}
            speak(): string { return this.name; }
        }
        class Dog extends Animal {
            bark(): string { return "woof"; }
        }
        class Puppy extends Dog {}
        class Rock { name: string = "rock"; }
        interface Speaker { speak(): string; }
        """

    @Test("a subclass value is accepted where its base is expected: variables, arguments, returns, arrays, conditionals")
    func subclassIsAssignable() {
        #expect(codes(Self.animals + """
            const a: Animal = new Puppy("p");
            function name(x: Animal): string { return x.name; }
            function make(): Animal { return new Dog("d"); }
            const all: Animal[] = [new Dog("a"), new Puppy("b")];
            const either = true ? new Dog("x") : new Animal("y");
            const s: Speaker = new Puppy("q");
            print(a.speak() + name(new Puppy("z")) + make().name + all.length + either.name + s.speak());
            """) == [])
    }

    @Test("a base value is not a subclass value, and unrelated classes do not mix")
    func baseIsNotAssignableToSubclass() {
        #expect(codes(Self.animals + """
            const d: Dog = new Animal("a");
            const r: Animal = new Rock();
            const s: Speaker = new Rock();
            print(d.name + r.name + s.speak());
            """) == ["E0203", "E0203", "E0203"])
    }

    @Test("an array of a subclass is not an array of its base (arrays are invariant, so a push cannot break them)")
    func arraysAreInvariant() {
        #expect(codes(Self.animals + """
            const dogs: Dog[] = [new Dog("a")];
            const animals: Animal[] = dogs;
            print(animals.length);
            """) == ["E0203"])
    }

    @Test("inherited members are found on the subclass, with the subclass's own members")
    func inheritedMembers() {
        #expect(codes(Self.animals + """
            const p = new Puppy("p");
            print(p.speak() + p.bark() + p.name);
            print(p.fly());
            """) == ["E0202"])
    }

    @Test("a class without a constructor takes its base's constructor arguments")
    func inheritedConstructor() {
        #expect(codes(Self.animals + """
            print(new Puppy("a").name);
            print(new Puppy().name);
            """) == ["E0209"])
    }
}

extension ClassHierarchyCheckTests {
    @Test("objects of a class and of its subclass can be compared for identity; unrelated classes cannot")
    func relatedClassesCompare() {
        #expect(codes(Self.animals + """
            const a: Animal = new Dog("d");
            const d = new Dog("e");
            print(a == d);
            print(d != new Rock());
            """) == ["E0233"])
    }
}
