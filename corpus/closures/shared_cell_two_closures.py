def make_box(value):
    def get():
        return value

    def put(new):
        nonlocal value
        value = new

    return get, put


get, put = make_box("start")
print(get())
put("updated")
print(get())
print("same cell:", get.__closure__[0] is put.__closure__[0])
print("cell:", put.__closure__[0].cell_contents)
