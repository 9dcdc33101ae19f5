// The web-first-load benchmark's baseline (bench/web-first-load.ts): the smallest page made the
// same way as the sign-in page — React, antd with its Chinese locale, a form with a labelled user
// name and password — built by Vite with the same plugins and served by the same server. What it
// costs to show is what any antd page costs on this machine; the sign-in page is held to a ratio of it.
import { Button, ConfigProvider, Form, Input } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { createRoot } from 'react-dom/client';

function Page() {
  return (
    <ConfigProvider locale={zhCN}>
      <main style={{ maxWidth: 360, margin: '80px auto' }}>
        <h1>基准页</h1>
        <Form layout="vertical">
          <Form.Item label="用户名" name="username">
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password">
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            登录
          </Button>
        </Form>
      </main>
    </ConfigProvider>
  );
}

createRoot(document.getElementById('root')!).render(<Page />);
