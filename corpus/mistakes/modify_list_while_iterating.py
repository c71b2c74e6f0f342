nums = [1, 2, 2, 3, 4, 4, 5]
for n in nums:
    if n % 2 == 0:
        nums.pop(nums.index(n))
print("buggy:", nums)

nums = [1, 2, 2, 3, 4, 4, 5]
for n in nums.copy():
    if n % 2 == 0:
        nums.pop(nums.index(n))
print("fixed:", nums)
