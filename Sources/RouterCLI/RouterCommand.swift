import ArgumentParser

@main
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Edge-style three-tier request router: SQL summaries, deterministic compute, and Claude only when needed.",
        subcommands: [Serve.self, Classify.self, Prompt.self, Screen.self, Migrate.self, Seed.self, Vocabulary.self],
        defaultSubcommand: Serve.self
    )
}
