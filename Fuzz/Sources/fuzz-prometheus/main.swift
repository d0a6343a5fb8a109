import FuzzDriver
import FuzzEntryPoints

runFuzzer(.prometheus)
