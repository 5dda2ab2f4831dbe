/// Folds a backtrace for printing: consecutive identical lines become one line with a count, so
/// unbounded recursion prints `at f (x1024)` instead of a thousand equal lines.
enum Backtrace {
    /// A line and how many times in a row it occurred.
    struct Run: Equatable {
        var line: String
        var count: Int
    }

    static func fold(_ lines: [String]) -> [Run] {
        var runs: [Run] = []
        for line in lines {
            if runs.last?.line == line {
                runs[runs.count - 1].count += 1
            } else {
                runs.append(Run(line: line, count: 1))
            }
        }
        return runs
    }
}
