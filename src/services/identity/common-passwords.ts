// Threat: credential stuffing and password spraying, which try the most common leaked passwords
// first. These are frequent entries of public breach corpora (RockYou, HIBP top lists) that are at
// least 12 characters long (shorter ones are refused by the length rule anyway). Lower case; the
// policy compares lower-cased input.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '123456123456',
  '123123123123', '123321123321', '123456654321', '111111111111', '000000000000',
  '222222222222', '999999999999', '121212121212', '112233445566', '987654321098',
  '098765432109', '147258369147', '789456123789', '741852963741', '1234567890qwerty',
  'qwerty1234567890', 'password1234', 'password12345', 'password123456', 'password123!',
  'password1234!', 'passwordpassword', 'password2023', 'password2024', 'password2025',
  'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'mypassword123', 'mypassword12',
  'secretpassword', 'supersecret123', 'qwertyuiopas', 'qwertyuiop123', 'qwertyuiop12',
  'qwerty123456', 'qwerty12345678', 'qwertyqwerty', 'qwertyuiopasdfghjkl', 'qwertyuiopasdfgh',
  '1qaz2wsx3edc', '1qaz2wsx3edc4rfv', '1q2w3e4r5t6y', '1q2w3e4r5t6y7u8i', 'q1w2e3r4t5y6',
  'qazwsxedcrfv', 'zaq12wsxcde3', '1qazxsw23edc', 'qweasdzxc123', 'qwerasdfzxcv',
  'asdfghjkl123', 'asdfasdfasdf', 'zxcvbnm12345', 'zxcvbnm123456',
  'abcdefghijkl', 'abcdefghijklmnop', 'abc123456789', 'abcd12345678', 'abcdefg12345',
  'aaaaaaaaaaaa', 'zzzzzzzzzzzz', 'iloveyou1234', 'iloveyou123456', 'iloveyouforever',
  'iloveyoubaby', 'letmein12345', 'letmein123456', 'welcome12345', 'welcome123456',
  'welcome2024!', 'administrator', 'admin1234567', 'admin123456789', 'adminadmin123',
  'changeme1234', 'changeme123!', 'default12345', 'test12345678', 'testtest1234',
  'guest1234567', 'login1234567', 'football1234', 'football123456', 'baseball1234',
  'basketball12', 'basketball123', 'superman1234', 'batman123456', 'starwars1234',
  'princess1234', 'sunshine1234', 'monkey123456', 'dragon123456', 'master123456',
  'whatever1234', 'computer1234', 'internet1234', 'michael12345', 'jennifer1234',
  'liverpool123', 'chelsea12345', 'manchesterunited', 'thequickbrownfox', 'correcthorsebatterystaple',
]);
