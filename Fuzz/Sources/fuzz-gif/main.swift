import FuzzDriver
import FuzzEntryPoints

runFuzzer(.gif)
