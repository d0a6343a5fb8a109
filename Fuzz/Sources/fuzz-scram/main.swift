import FuzzDriver
import FuzzEntryPoints

runFuzzer(.scram)
