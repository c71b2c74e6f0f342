import sys
import types

frame = sys._getframe()
print("isinstance:", isinstance(frame, types.FrameType))
print("type name:", types.FrameType.__name__, types.TracebackType.__name__, types.CellType.__name__)
print("code type:", types.CodeType is type(frame.f_code))
types.FrameType()
