/// The soak found a lost or duplicated task.
struct SoakFailure: Error, CustomStringConvertible {
    let lost: Int
    let duplicated: Int
    var description: String { "soak failed: \(lost) shoppers without a task, \(duplicated) with more than one" }
}
