def make_toggle():
    state = False

    def toggle_wrong():
        state = True
        return state

    def toggle_right():
        nonlocal state
        state = not state
        return state

    print("wrong returns", toggle_wrong(), "| outer state:", state)
    print("right returns", toggle_right(), "| outer state:", state)


make_toggle()
