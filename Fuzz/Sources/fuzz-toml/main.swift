import FuzzDriver
import FuzzEntryPoints

runFuzzer(.toml)
