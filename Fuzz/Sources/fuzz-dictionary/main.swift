import FuzzDriver
import FuzzEntryPoints

runFuzzer(.dictionary)
