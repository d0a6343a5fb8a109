import CNcursesw
import ScreenCore
