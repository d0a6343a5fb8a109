import FuzzDriver
import FuzzEntryPoints

runFuzzer(.terminalInput)
