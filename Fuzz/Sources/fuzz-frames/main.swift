import FuzzDriver
import FuzzEntryPoints

runFuzzer(.frames)
