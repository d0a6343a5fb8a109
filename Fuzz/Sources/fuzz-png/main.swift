import FuzzDriver
import FuzzEntryPoints

runFuzzer(.png)
