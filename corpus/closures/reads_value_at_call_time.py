def outer():
    message = "early"

    def speak():
        return message

    first = speak()
    message = "late"
    return first, speak()


print(outer())
